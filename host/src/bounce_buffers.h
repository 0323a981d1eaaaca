// Native staging for the buffers whose length the host takes from the map-info cache
// (element keys and values, batch arrays and tokens). The cache can be stale: user code
// may close a map fd behind the host's back and the number may come back as another map
// (or another thread may swap it between the check and the syscall). So the kernel
// never gets the module's address for these buffers: it gets a copy that ends exactly
// at a PROT_NONE guard page. If the map behind the fd wants more bytes than the host
// checked, the kernel faults on the guard and answers -EFAULT; nothing else is touched.
// One instance per thread that calls bpf_call (the addon keeps one per Node-API
// environment); it is not shared, so it needs no lock.
#pragma once
#include <cstddef>
#include <cstdint>

class BounceBuffers {
 public:
  // The most map-derived pointers one command has (LOOKUP_BATCH: in/out token, keys,
  // values). Each gets its own slot and guard, so one cannot overrun into another.
  static constexpr unsigned kSlots = 4;

  BounceBuffers() = default;
  BounceBuffers(const BounceBuffers &) = delete;
  BounceBuffers &operator=(const BounceBuffers &) = delete;
  ~BounceBuffers();

  // len writable bytes whose end is the first byte of a PROT_NONE page, or nullptr when
  // no memory could be mapped. The contents are whatever the slot held before.
  uint8_t *get(unsigned slot, uint64_t len);
  // Unmaps slots grown past kKeepBytes, so one big batch does not pin its size.
  void trim();

 private:
  static constexpr size_t kKeepBytes = 1 << 20;
  struct Slot {
    uint8_t *base = nullptr;  // mapping: usable bytes, then one guard page
    size_t usable = 0;
  };
  void release(Slot &s);
  Slot slots_[kSlots];
};
