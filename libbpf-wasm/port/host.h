/* The host ABI: every function the module imports from the "bpfhost" import module.
 * docs/host-abi.md is the contract; host/ (the Node addon) and src/host/ serve it.
 * Pointers are module offsets, fds are host fds, and every function returns a
 * non-negative result or -errno in Linux numbering. */
#ifndef LBW_HOST_H
#define LBW_HOST_H
#include <stdint.h>

#define LBW_IMPORT(name) __attribute__((import_module("bpfhost"), import_name(#name)))

/* Written by the host for fstat/fstatat: the fields of the kernel's struct stat. */
struct lbw_host_stat {
	uint64_t dev, ino, mode, nlink, uid, gid, rdev, size, blksize, blocks;
	int64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

/* Written by the host for statfs. */
struct lbw_host_statfs {
	int64_t type, bsize, blocks, bfree, bavail, files, ffree, namelen, frsize, flags;
};

LBW_IMPORT(bpf) int32_t lbw_host_bpf(int32_t cmd, void *attr, uint32_t size);
LBW_IMPORT(openat) int32_t lbw_host_openat(int32_t dirfd, const char *path, int32_t flags, uint32_t mode);
LBW_IMPORT(fstat) int32_t lbw_host_fstat(int32_t fd, struct lbw_host_stat *out);
LBW_IMPORT(fstatat) int32_t lbw_host_fstatat(int32_t dirfd, const char *path, struct lbw_host_stat *out, int32_t flags);
LBW_IMPORT(statfs) int32_t lbw_host_statfs(const char *path, struct lbw_host_statfs *out);
LBW_IMPORT(mkdirat) int32_t lbw_host_mkdirat(int32_t dirfd, const char *path, uint32_t mode);
LBW_IMPORT(unlinkat) int32_t lbw_host_unlinkat(int32_t dirfd, const char *path, int32_t flags);
LBW_IMPORT(faccessat) int32_t lbw_host_faccessat(int32_t dirfd, const char *path, int32_t mode, int32_t flags);
LBW_IMPORT(dup3) int32_t lbw_host_dup3(int32_t oldfd, int32_t newfd, int32_t flags);
LBW_IMPORT(fcntl) int32_t lbw_host_fcntl(int32_t fd, int32_t cmd, int32_t arg);
/* Writes the six 65-byte fields of struct utsname. */
LBW_IMPORT(uname) int32_t lbw_host_uname(char *out);
LBW_IMPORT(getpid) int32_t lbw_host_getpid(void);
LBW_IMPORT(geteuid) int32_t lbw_host_geteuid(void);
/* rlim points at two uint64_t: cur, max (RLIM_INFINITY is ~0). */
LBW_IMPORT(getrlimit) int32_t lbw_host_getrlimit(int32_t resource, uint64_t *rlim);
LBW_IMPORT(setrlimit) int32_t lbw_host_setrlimit(int32_t resource, const uint64_t *rlim);
LBW_IMPORT(page_size) int32_t lbw_host_page_size(void);
/* One libbpf print: level (0 warn, 1 info, 2 debug), text and length. */
LBW_IMPORT(print) void lbw_host_print(int32_t level, const char *text, uint32_t len);
#endif
