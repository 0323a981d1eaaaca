// Calls on the module's memory itself (not on files or the kernel's BPF objects).
#pragma once
#include <cstdint>

#include "module_memory.h"

// madvise(MADV_DONTNEED) over the whole host pages inside [off, off+len): they read as zeros
// afterwards and stop counting in RSS. Returns the bytes discarded, or -errno.
int64_t host_discard_pages(const ModuleMemory &m, uint32_t off, uint32_t len);
