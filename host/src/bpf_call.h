// bpf() on behalf of the module: attr and everything it points to live in module
// memory and hold module offsets. Returns the syscall result or -errno.
#pragma once
#include <cstdint>

#include "module_memory.h"

int64_t bpf_call(const ModuleMemory &mem, uint32_t cmd, uint32_t attr_off, uint32_t size);
