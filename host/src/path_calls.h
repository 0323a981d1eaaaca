// Path resolution calls: realpath() in the module's libc (usdt.c resolves a library's path
// with it) needs the working directory and symlink targets.
#pragma once
#include <cstdint>

#include "module_memory.h"

// getcwd(2) into [buf, buf+size): the length written (with its NUL), or -errno.
int64_t host_getcwd(const ModuleMemory &m, uint32_t buf, uint32_t size);
// readlinkat(2) into [buf, buf+size): the length written (no NUL), or -errno.
int64_t host_readlinkat(const ModuleMemory &m, int dirfd, uint32_t path, uint32_t buf,
                        uint32_t size);
