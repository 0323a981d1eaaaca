// The socket calls libbpf's netlink code makes (tc, legacy XDP, XDP query: netlink.c), on
// module memory. Each returns the result or -errno; every pointer is checked and translated
// first, and a failed check makes no syscall (-EFAULT).
#pragma once
#include <cstdint>

#include "module_memory.h"

// socket(2); the fd is always close-on-exec.
int64_t host_socket(int domain, int type, int protocol);
// bind(2): addr is `len` bytes (at most 128, a sockaddr_storage; no pointers inside).
int64_t host_bind(const ModuleMemory &m, int fd, uint32_t addr, uint32_t len);
// getsockname(2): *lenp (a u32 in memory) is the room at addr; the kernel writes both.
int64_t host_getsockname(const ModuleMemory &m, int fd, uint32_t addr, uint32_t lenp);
// setsockopt(2), for options whose value is plain data: SOL_NETLINK's (ints) and SOL_SOCKET's
// buffer sizes. Options whose value holds a pointer (SO_ATTACH_FILTER...) get -EINVAL.
int64_t host_setsockopt(const ModuleMemory &m, int fd, int level, int name, uint32_t val,
                        uint32_t len);
// send(2): `len` bytes at buf.
int64_t host_send(const ModuleMemory &m, int fd, uint32_t buf, uint32_t len, int flags);
// recvmsg(2) with a wasm32 struct msghdr (7 x u32: name, namelen, iov, iovlen, control,
// controllen, flags) whose name and iovecs are checked and translated; control data is
// refused (-EINVAL: cmsghdr's layout differs in wasm32). namelen, controllen and flags are
// written back; the kernel writes the data straight into the checked buffers.
int64_t host_recvmsg(const ModuleMemory &m, int fd, uint32_t msg, int flags);
