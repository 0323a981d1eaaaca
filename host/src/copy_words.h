// Copies of small records out of a ring: `padded` (a multiple of 8) bytes as whole words,
// without a call into memcpy, which costs more than the copy for records of a few words.
// The caller knows the source's padding up to `padded` is inside the mapping.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

inline void copy_words(uint8_t *dst, const uint8_t *src, size_t padded) {
  if (padded > 64) {
    std::memcpy(dst, src, padded);
    return;
  }
  for (size_t i = 0; i < padded; i += 8) {
    uint64_t w;
    std::memcpy(&w, src + i, 8);
    std::memcpy(dst + i, &w, 8);
  }
}
