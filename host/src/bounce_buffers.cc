#include "bounce_buffers.h"

#include <sys/mman.h>
#include <unistd.h>

namespace {

size_t page_size() {
  static const size_t n = static_cast<size_t>(sysconf(_SC_PAGESIZE));  // thread-safe init
  return n;
}

}  // namespace

BounceBuffers::~BounceBuffers() {
  for (Slot &s : slots_) release(s);
}

void BounceBuffers::release(Slot &s) {
  if (s.base) munmap(s.base, s.usable + page_size());
  s = Slot{};
}

uint8_t *BounceBuffers::get(unsigned slot, uint64_t len) {
  if (slot >= kSlots) return nullptr;
  Slot &s = slots_[slot];
  if (!s.base || len > s.usable) {
    release(s);
    const size_t page = page_size();
    if (len > SIZE_MAX - 2 * page) return nullptr;
    size_t usable = (static_cast<size_t>(len) + page - 1) / page * page;
    if (usable == 0) usable = page;
    void *p = mmap(nullptr, usable + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) return nullptr;
    uint8_t *base = static_cast<uint8_t *>(p);
    if (mprotect(base + usable, page, PROT_NONE) != 0) {
      munmap(p, usable + page);
      return nullptr;
    }
    s.base = base;
    s.usable = usable;
  }
  return s.base + s.usable - len;
}

void BounceBuffers::trim() {
  for (Slot &s : slots_)
    if (s.usable > kKeepBytes) release(s);
}
