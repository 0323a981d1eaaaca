/* The libc side of the calls libbpf's attach code makes beyond bpf(): netlink sockets
 * (netlink.c: tc, legacy XDP attach/query), perf event ioctls (libbpf.c: tracepoint, kprobe
 * and uprobe links) and interface names. Each libc function is replaced whole, as
 * syscalls.c does for fcntl, and sent to its bpfhost import; results come back as libc
 * gives them (-1 and errno in libc's numbering). */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include "host.h"
#include "libc_result.h"

/* The host passes these straight to Linux: emscripten's values must be Linux's. */
_Static_assert(AF_NETLINK == 16 && SOCK_RAW == 3 && SOCK_DGRAM == 2 && SOCK_CLOEXEC == 02000000 &&
	       SOL_NETLINK == 270 && SOL_SOCKET == 1 && MSG_PEEK == 2 && MSG_TRUNC == 0x20 &&
	       MSG_DONTWAIT == 0x40, "socket constants differ from Linux");
/* The host reads struct msghdr and struct iovec as wasm32 records of 4-byte fields. */
_Static_assert(sizeof(struct msghdr) == 28 && offsetof(struct msghdr, msg_iov) == 8 &&
	       offsetof(struct msghdr, msg_iovlen) == 12 && offsetof(struct msghdr, msg_flags) == 24,
	       "struct msghdr is not the wasm32 layout the host reads");

int socket(int domain, int type, int protocol)
{
	return to_libc_call(lbw_host_socket(domain, type, protocol));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return to_libc_call(lbw_host_bind(fd, addr, len));
}

int getsockname(int fd, struct sockaddr *restrict addr, socklen_t *restrict len)
{
	return to_libc_call(lbw_host_getsockname(fd, addr, len));
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	return to_libc_call(lbw_host_setsockopt(fd, level, name, val, len));
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return to_libc_call(lbw_host_send(fd, buf, len, flags));
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return to_libc_call(lbw_host_recvmsg(fd, msg, flags));
}

/* Only integer-argument requests reach the kernel (the perf event ones); the host
 * refuses the rest, whose argument would be a pointer. */
int ioctl(int fd, int request, ...)
{
	va_list ap;
	int arg;

	va_start(ap, request);
	arg = va_arg(ap, int);
	va_end(ap);
	return to_libc_call(lbw_host_ioctl(fd, (uint32_t)request, arg));
}

unsigned if_nametoindex(const char *name)
{
	int32_t r = lbw_host_if_nametoindex(name);

	if (r < 0) {
		errno = lbw_errno_to_module(-r);
		return 0;
	}
	return r;
}

/* realpath() (usdt.c resolves a shared library's path) asks for these. */
long __syscall_getcwd(long buf, long size)
{
	return to_libc(lbw_host_getcwd((char *)buf, size));
}

long __syscall_readlink(long path, long buf, long size)
{
	return to_libc(lbw_host_readlinkat(-100 /* AT_FDCWD */, (const char *)path, (char *)buf, size));
}
