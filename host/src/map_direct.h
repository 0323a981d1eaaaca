// The direct data path for map element ops (lookup, lookup-and-delete, update, delete,
// next-key): the facade calls it instead of libbpf-in-the-module when libbpf's own checks
// would pass (docs/performance.md). Keys and values travel through a per-environment
// scratch area the facade writes and reads (an ArrayBuffer over memory the addon owns),
// so a call carries only integers: that is what lets a V8 fast call (host/fast/) reach
// it without any V8 type but numbers.
//
// The kernel never gets the scratch area: like bpf_call, the key and the value go
// through the environment's guarded bounce slots, sized from the map-info cache, so a
// map fd closed and reused behind the host's back cannot make the kernel write past what
// was checked (host/README.md, "Guarded bounce buffers").
//
// The path declines (kDirectDeclined) whenever it would not make exactly the call libbpf
// makes: unknown op or flags, sizes that differ from the kernel's for this fd (as the
// cache knows them), an fd the cache cannot describe, an area too small. The facade then
// takes the module path, so libbpf's own errors and warnings stay.
#pragma once
#include <cstddef>
#include <cstdint>

#include "bounce_buffers.h"

enum DirectOp : uint32_t {
  kDirectLookup = 0,
  kDirectLookupAndDelete = 1,
  kDirectUpdate = 2,
  kDirectDelete = 3,
  kDirectNextKey = 4,
  // Batches (bpf_map_*_batch): count in and out at scratch[0] (u32); in_batch token at 8
  // and out_batch token after it (token bytes each); then count keys; then count values.
  kDirectLookupBatch = 5,
  kDirectLookupAndDeleteBatch = 6,
  kDirectUpdateBatch = 7,
  kDirectDeleteBatch = 8,
};
// Or'ed into a lookup batch op: the in_batch token at scratch[8] is given (else NULL).
constexpr uint32_t kDirectInBatch = 0x100;

// Not an errno (those are negative) nor a syscall result (0): "use the module path".
constexpr int64_t kDirectDeclined = 1;

class DirectPath {
 public:
  static constexpr size_t kScratchBytes = 64 * 1024;

  explicit DirectPath(BounceBuffers &bounce);
  ~DirectPath();
  DirectPath(const DirectPath &) = delete;
  DirectPath &operator=(const DirectPath &) = delete;

  // The area the facade exchanges keys and values through: key at 0 (ksz bytes), value
  // (or next key) right after it. nullptr if it could not be allocated.
  uint8_t *scratch() const { return scratch_; }

  // One element op on fd: 0 or -errno as libbpf's bpf_map_*_elem would return it, or
  // kDirectDeclined. ksz 0 passes a NULL key (keyless maps; next-key's "first key").
  // vsz: lookup/update value bytes, next-key the key size of the answer, else 0.
  int64_t call(uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz, uint32_t flags);

  // A batch op (kDirect*Batch, maybe | kDirectInBatch): 0 or -errno, count out written
  // back at scratch[0], or kDirectDeclined.
  int64_t batch(uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz, uint32_t elem_flags);

  // The environment running on this thread (set while it lives), for the fast-call addon.
  static DirectPath *current();

 private:
  BounceBuffers &bounce_;
  uint8_t *scratch_ = nullptr;
};

// The entry the fast-call addon (host/fast/) looks up with dlsym: the op on the current
// thread's environment; kDirectDeclined when the thread has none.
extern "C" __attribute__((visibility("default"))) int64_t lbw_map_direct_call(
    uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz, uint32_t flags);
