// bpf() on behalf of the module: attr and everything it points to live in module
// memory and hold module offsets. Returns the syscall result or -errno. bounce belongs
// to the calling thread (one per Node-API environment in the addon).
#pragma once
#include <cstdint>

#include "bounce_buffers.h"
#include "module_memory.h"

int64_t bpf_call(const ModuleMemory &mem, BounceBuffers &bounce, uint32_t cmd, uint32_t attr_off,
                 uint32_t size);
