// The module's linear memory as seen for one call. Every address handed to the
// kernel is derived here, so the bounds rule lives in one place.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

struct ModuleMemory {
  uint8_t *base = nullptr;
  uint64_t len = 0;

  // [off, off+n) lies inside memory. n may be 0 (an empty range at the very end is fine).
  bool contains(uint64_t off, uint64_t n) const { return off <= len && n <= len - off; }

  // A NUL-terminated string starting at off, with its NUL inside memory.
  bool has_cstring(uint64_t off) const {
    return off < len && std::memchr(base + off, 0, len - off) != nullptr;
  }

  // Native address of a range already checked with contains()/has_cstring().
  uint64_t native(uint64_t off) const { return reinterpret_cast<uintptr_t>(base + off); }
  uint8_t *at(uint64_t off) const { return base + off; }
};
