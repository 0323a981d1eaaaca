/* The libc side of the host ABI. emscripten's libc sends each OS call to a
 * __syscall_* function (or, in standalone mode, to a stub that fails); the ones libbpf,
 * libelf and zlib reach are defined here and sent to the host, so libc and libbpf both
 * stay untouched. Where emscripten defines the libc function itself with a fixed answer
 * (uname, getpid, sysconf's page size, rlimits, fcntl's stub), the function is replaced
 * whole. Every result comes back as libc would give it: -errno in libc's numbering. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "host.h"
#include "libc_result.h"
#include "../include/asm/unistd.h"

/* The host passes these straight to Linux: emscripten's values must be Linux's. */
_Static_assert(O_CREAT == 0100 && O_EXCL == 0200 && O_TRUNC == 01000 && O_APPEND == 02000 &&
	       O_NONBLOCK == 04000 && O_DIRECTORY == 0200000 && O_NOFOLLOW == 0400000 &&
	       O_CLOEXEC == 02000000 && O_WRONLY == 1 && O_RDWR == 2, "open flags differ from Linux");
_Static_assert(AT_FDCWD == -100 && AT_SYMLINK_NOFOLLOW == 0x100 && AT_REMOVEDIR == 0x200 &&
	       AT_EACCESS == 0x200 && AT_EMPTY_PATH == 0x1000, "AT_* values differ from Linux");
_Static_assert(F_DUPFD == 0 && F_GETFD == 1 && F_SETFD == 2 && F_GETFL == 3 && F_SETFL == 4 &&
	       F_DUPFD_CLOEXEC == 1030 && FD_CLOEXEC == 1, "fcntl values differ from Linux");
_Static_assert(RLIMIT_MEMLOCK == 8 && RLIMIT_NOFILE == 7, "rlimit values differ from Linux");
_Static_assert(sizeof(struct utsname) == 6 * 65, "struct utsname differs from Linux");

static void fill_stat(struct stat *st, const struct lbw_host_stat *hs)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = hs->dev;
	st->st_ino = hs->ino;
	st->st_mode = hs->mode;
	st->st_nlink = hs->nlink;
	st->st_uid = hs->uid;
	st->st_gid = hs->gid;
	st->st_rdev = hs->rdev;
	st->st_size = hs->size;
	st->st_blksize = hs->blksize;
	st->st_blocks = hs->blocks;
	st->st_atim.tv_sec = hs->atime_sec;
	st->st_atim.tv_nsec = hs->atime_nsec;
	st->st_mtim.tv_sec = hs->mtime_sec;
	st->st_mtim.tv_nsec = hs->mtime_nsec;
	st->st_ctim.tv_sec = hs->ctime_sec;
	st->st_ctim.tv_nsec = hs->ctime_nsec;
}

static long stat_at(int dirfd, const char *path, struct stat *st, int flags)
{
	struct lbw_host_stat hs;
	int32_t r = lbw_host_fstatat(dirfd, path, &hs, flags);

	if (r == 0)
		fill_stat(st, &hs);
	return to_libc(r);
}

long __syscall_open(long path, long flags, ...)
{
	va_list ap;
	unsigned mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	return to_libc(lbw_host_openat(AT_FDCWD, (const char *)path, flags, mode));
}

long __syscall_openat(long dirfd, long path, long flags, ...)
{
	va_list ap;
	unsigned mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	return to_libc(lbw_host_openat(dirfd, (const char *)path, flags, mode));
}

long __syscall_fstat64(long fd, long buf)
{
	struct lbw_host_stat hs;
	int32_t r = lbw_host_fstat(fd, &hs);

	if (r == 0)
		fill_stat((struct stat *)buf, &hs);
	return to_libc(r);
}

/* Kept even when nothing in the linked code calls stat() (link-time optimisation would drop
 * them, and the fstatat import with them): the host ABI is the same whatever the flags. */
__attribute__((used)) long __syscall_stat64(long path, long buf)
{
	return stat_at(AT_FDCWD, (const char *)path, (struct stat *)buf, 0);
}

__attribute__((used)) long __syscall_lstat64(long path, long buf)
{
	return stat_at(AT_FDCWD, (const char *)path, (struct stat *)buf, AT_SYMLINK_NOFOLLOW);
}

__attribute__((used)) long __syscall_fstatat64(long dirfd, long path, long buf, long flags)
{
	return stat_at(dirfd, (const char *)path, (struct stat *)buf, flags);
}

long __syscall_statfs64(long path, long size, long buf)
{
	struct lbw_host_statfs hs;
	struct statfs *st = (struct statfs *)buf;
	int32_t r;

	if ((size_t)size < sizeof(*st))
		return -EINVAL;
	r = lbw_host_statfs((const char *)path, &hs);
	if (r == 0) {
		memset(st, 0, sizeof(*st));
		st->f_type = hs.type;
		st->f_bsize = hs.bsize;
		st->f_blocks = hs.blocks;
		st->f_bfree = hs.bfree;
		st->f_bavail = hs.bavail;
		st->f_files = hs.files;
		st->f_ffree = hs.ffree;
		st->f_namelen = hs.namelen;
		st->f_frsize = hs.frsize;
		st->f_flags = hs.flags;
	}
	return to_libc(r);
}

long __syscall_mkdir(long path, long mode)
{
	return to_libc(lbw_host_mkdirat(AT_FDCWD, (const char *)path, mode));
}

long __syscall_mkdirat(long dirfd, long path, long mode)
{
	return to_libc(lbw_host_mkdirat(dirfd, (const char *)path, mode));
}

long __syscall_unlink(long path)
{
	return to_libc(lbw_host_unlinkat(AT_FDCWD, (const char *)path, 0));
}

long __syscall_unlinkat(long dirfd, long path, long flags)
{
	return to_libc(lbw_host_unlinkat(dirfd, (const char *)path, flags));
}

long __syscall_faccessat(long dirfd, long path, long amode, long flags)
{
	return to_libc(lbw_host_faccessat(dirfd, (const char *)path, amode, flags));
}

long __syscall_dup3(long fd, long newfd, long flags)
{
	return to_libc(lbw_host_dup3(fd, newfd, flags));
}

long __syscall_geteuid32(void)
{
	return lbw_host_geteuid();
}

/* emscripten's standalone library defines __syscall_fcntl64 as a failing stub, so the
 * libc function is replaced instead. libbpf uses F_DUPFD_CLOEXEC (ensure_good_fd,
 * bpf_map__reuse_fd); the other integer-argument commands pass through. */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	int arg;

	va_start(ap, cmd);
	arg = va_arg(ap, int);
	va_end(ap);
	return to_libc_call(lbw_host_fcntl(fd, cmd, arg));
}

int uname(struct utsname *uts)
{
	return to_libc_call(lbw_host_uname((char *)uts));
}

pid_t getpid(void)
{
	return lbw_host_getpid();
}

int getrlimit(int resource, struct rlimit *rlim)
{
	uint64_t v[2];
	int32_t r = lbw_host_getrlimit(resource, v);

	if (r == 0) {
		rlim->rlim_cur = v[0];
		rlim->rlim_max = v[1];
	}
	return to_libc_call(r);
}

int setrlimit(int resource, const struct rlimit *rlim)
{
	uint64_t v[2] = { rlim->rlim_cur, rlim->rlim_max };

	return to_libc_call(lbw_host_setrlimit(resource, v));
}

/* The host's page size, not WebAssembly's 64 KiB: libbpf sizes ring buffers and
 * mmapable maps with it. Names that nothing in the module asks for get EINVAL. */
int getpagesize(void)
{
	return lbw_host_page_size();
}

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return lbw_host_page_size();
	case _SC_OPEN_MAX: {
		struct rlimit rl;
		return getrlimit(RLIMIT_NOFILE, &rl) ? -1 : (long)rl.rlim_cur;
	}
	case _SC_CLK_TCK:
		return 100;
	default:
		errno = EINVAL;
		return -1;
	}
}

/* libbpf calls syscall(__NR_bpf, cmd, attr, size) and, to attach tracepoints, kprobes and
 * uprobes, syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags). */
long syscall(long number, ...)
{
	va_list ap;
	long a[5];

	if (number != __NR_bpf && number != __NR_perf_event_open) {
		errno = ENOSYS;
		return -1;
	}
	va_start(ap, number);
	for (int i = 0; i < (number == __NR_bpf ? 3 : 5); i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (number == __NR_perf_event_open)
		return to_libc_call(lbw_host_perf_event_open((void *)a[0], a[1], a[2], a[3], a[4]));
	return to_libc_call(lbw_host_bpf(a[0], (void *)a[1], a[2]));
}
