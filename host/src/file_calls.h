// The file and process calls the module's libc needs, on module memory. Each returns
// the result or -errno; every path and in/out struct is bounds-checked first.
#pragma once
#include <cstdint>

#include "module_memory.h"

int64_t host_openat(const ModuleMemory &m, int dirfd, uint32_t path, int flags, uint32_t mode);
int64_t host_close(int fd);
int64_t host_dup3(int oldfd, int newfd, int flags);
int64_t host_fcntl(int fd, int cmd, int arg);

enum class VecOp { Read, Write, PRead };
int64_t host_iov(const ModuleMemory &m, VecOp op, int fd, uint32_t iov, int32_t iovcnt,
                 int64_t offset);
int64_t host_lseek(int fd, int64_t offset, int whence);

int64_t host_fstat(const ModuleMemory &m, int fd, uint32_t out);
int64_t host_fstatat(const ModuleMemory &m, int dirfd, uint32_t path, uint32_t out, int flags);
int64_t host_statfs(const ModuleMemory &m, uint32_t path, uint32_t out);
int64_t host_mkdirat(const ModuleMemory &m, int dirfd, uint32_t path, uint32_t mode);
int64_t host_unlinkat(const ModuleMemory &m, int dirfd, uint32_t path, int flags);
int64_t host_faccessat(const ModuleMemory &m, int dirfd, uint32_t path, int mode, int flags);

int64_t host_uname(const ModuleMemory &m, uint32_t out);
int64_t host_getrlimit(const ModuleMemory &m, int resource, uint32_t out);
int64_t host_setrlimit(const ModuleMemory &m, int resource, uint32_t in);
