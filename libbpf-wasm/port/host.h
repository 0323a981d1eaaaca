/* The host ABI: every function the module imports from the "bpfhost" import module.
 * libbpf-wasm/host-abi.json declares them; docs/host-abi.md explains them; host/ (the
 * Node addon) and src/host/ serve them.
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

/* The imports themselves, generated from libbpf-wasm/host-abi.json (the one declaration). */
#include "lbw_host_imports.h"
#endif
