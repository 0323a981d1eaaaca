#include "map_direct.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "map_info_cache.h"

namespace {

// The environment running on this thread: an environment runs on one thread at a time
// and a thread hosts one environment (the main thread, or a worker's own thread).
thread_local DirectPath *tls_current = nullptr;

// The attr sizes libbpf 1.1.2's bpf.c passes for these commands (offsetofend).
constexpr size_t kElemAttrBytes = offsetof(union bpf_attr, flags) + sizeof(bpf_attr::flags);
constexpr size_t kNextKeyAttrBytes = offsetof(union bpf_attr, next_key) + sizeof(bpf_attr::next_key);
constexpr size_t kBatchAttrBytes = offsetof(union bpf_attr, batch) + sizeof(bpf_attr::batch);

}  // namespace

DirectPath::DirectPath(BounceBuffers &bounce) : bounce_(bounce) {
  void *p = mmap(nullptr, kScratchBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p != MAP_FAILED) scratch_ = static_cast<uint8_t *>(p);
  tls_current = this;
}

DirectPath::~DirectPath() {
  if (tls_current == this) tls_current = nullptr;
  if (scratch_) munmap(scratch_, kScratchBytes);
}

DirectPath *DirectPath::current() { return tls_current; }

int64_t DirectPath::call(uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz, uint32_t flags) {
  if ((op & ~kDirectInBatch) >= kDirectLookupBatch) return batch(op, fd, ksz, vsz, flags);
  // libbpf's validate_map_op answers ENOENT for fd <= 0 itself: the module says it.
  if (!scratch_ || fd <= 0 || uint64_t(ksz) + vsz > kScratchBytes) return kDirectDeclined;
  MapInfo m;
  if (map_info_get(fd, &m) < 0) return kDirectDeclined;
  const uint64_t value_bytes = map_value_size(m);
  bool value_in = false, value_out = false;
  uint32_t cmd;
  size_t attr_bytes = kElemAttrBytes;
  switch (op) {
    case kDirectLookup:
    case kDirectLookupAndDelete:
      if ((flags & ~uint32_t(BPF_F_LOCK)) || ksz != m.key_size || vsz != value_bytes)
        return kDirectDeclined;
      cmd = op == kDirectLookup ? BPF_MAP_LOOKUP_ELEM : BPF_MAP_LOOKUP_AND_DELETE_ELEM;
      value_out = true;
      break;
    case kDirectUpdate:
      if (flags > (BPF_EXIST | BPF_F_LOCK) || ksz != m.key_size || vsz != value_bytes)
        return kDirectDeclined;
      cmd = BPF_MAP_UPDATE_ELEM;
      value_in = true;
      break;
    case kDirectDelete:
      if (flags || ksz != m.key_size || vsz) return kDirectDeclined;
      cmd = BPF_MAP_DELETE_ELEM;
      break;
    case kDirectNextKey:
      if (flags || m.key_size == 0 || (ksz && ksz != m.key_size) || vsz != m.key_size)
        return kDirectDeclined;
      cmd = BPF_MAP_GET_NEXT_KEY;
      attr_bytes = kNextKeyAttrBytes;
      value_out = true;
      break;
    default:
      return kDirectDeclined;
  }
  // Each buffer the kernel sizes by the map goes through its own guarded slot.
  uint8_t *key = nullptr, *value = nullptr;
  if (ksz && !(key = bounce_.get(0, ksz))) return kDirectDeclined;
  if ((value_in || value_out) && !(value = bounce_.get(1, vsz))) return kDirectDeclined;
  if (key) std::memcpy(key, scratch_, ksz);
  if (value_in) std::memcpy(value, scratch_ + ksz, vsz);

  union bpf_attr attr;
  std::memset(&attr, 0, attr_bytes);
  attr.map_fd = static_cast<uint32_t>(fd);
  attr.key = reinterpret_cast<uintptr_t>(key);
  if (cmd == BPF_MAP_GET_NEXT_KEY) {
    attr.next_key = reinterpret_cast<uintptr_t>(value);
  } else {
    attr.value = reinterpret_cast<uintptr_t>(value);
    attr.flags = flags;
  }
  if (syscall(__NR_bpf, cmd, &attr, attr_bytes) < 0) return -errno;
  if (value_out) std::memcpy(scratch_ + ksz, value, vsz);
  return 0;
}

int64_t DirectPath::batch(uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz, uint32_t elem_flags) {
  const bool in_batch = op & kDirectInBatch;
  op &= ~kDirectInBatch;
  const bool lookup = op == kDirectLookupBatch || op == kDirectLookupAndDeleteBatch;
  if (!scratch_ || fd <= 0 || op > kDirectDeleteBatch || (in_batch && !lookup) ||
      (elem_flags & ~uint32_t(BPF_F_LOCK)))
    return kDirectDeclined;
  MapInfo m;
  if (map_info_get(fd, &m) < 0 || ksz != m.key_size || vsz != map_value_size(m)) return kDirectDeclined;
  uint32_t count;
  std::memcpy(&count, scratch_, sizeof count);
  const uint64_t token = map_batch_token_size(m);
  const uint64_t keys_len = uint64_t(count) * ksz;
  const uint64_t values_len = op == kDirectDeleteBatch ? 0 : uint64_t(count) * vsz;
  const uint64_t keys_at = 8 + 2 * token;
  if (keys_len > kScratchBytes || values_len > kScratchBytes ||  // no wrap in the sum below
      keys_at + keys_len + values_len > kScratchBytes)
    return kDirectDeclined;

  // The kernel reads only keys and values for updates, only keys for deletes (the same
  // rule as bpf_call's table); each buffer in its own guarded slot.
  uint8_t *in = nullptr, *out = nullptr, *keys, *values = nullptr;
  if (lookup) {
    if ((in_batch && !(in = bounce_.get(0, token))) || !(out = bounce_.get(1, token))) return kDirectDeclined;
    if (in) std::memcpy(in, scratch_ + 8, token);
    std::memset(out, 0, token);  // a call that returns before writing it leaves zeros, as libbpf's caller sees
  }
  if (!(keys = bounce_.get(2, keys_len)) || (values_len && !(values = bounce_.get(3, values_len))))
    return kDirectDeclined;
  if (!lookup) {
    std::memcpy(keys, scratch_ + keys_at, keys_len);
    if (values) std::memcpy(values, scratch_ + keys_at + keys_len, values_len);
  }
  union bpf_attr attr;
  std::memset(&attr, 0, kBatchAttrBytes);
  attr.batch.in_batch = reinterpret_cast<uintptr_t>(in);
  attr.batch.out_batch = reinterpret_cast<uintptr_t>(out);
  attr.batch.keys = reinterpret_cast<uintptr_t>(keys);
  attr.batch.values = reinterpret_cast<uintptr_t>(values);
  attr.batch.count = count;
  attr.batch.map_fd = static_cast<uint32_t>(fd);
  attr.batch.elem_flags = elem_flags;
  static const uint32_t cmds[] = {BPF_MAP_LOOKUP_BATCH, BPF_MAP_LOOKUP_AND_DELETE_BATCH,
                                   BPF_MAP_UPDATE_BATCH, BPF_MAP_DELETE_BATCH};
  const int64_t r = syscall(__NR_bpf, cmds[op - kDirectLookupBatch], &attr, kBatchAttrBytes) < 0 ? -errno : 0;
  // As libbpf: the count out whatever the result (the processed count of a partial failure).
  std::memcpy(scratch_, &attr.batch.count, sizeof count);
  if (lookup) {
    const uint64_t n = attr.batch.count < count ? attr.batch.count : count;
    std::memcpy(scratch_ + 8 + token, out, token);
    std::memcpy(scratch_ + keys_at, keys, n * ksz);
    std::memcpy(scratch_ + keys_at + keys_len, values, n * vsz);
  }
  bounce_.trim();
  return r;
}

extern "C" int64_t lbw_map_direct_call(uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz,
                                      uint32_t flags) {
  DirectPath *d = DirectPath::current();
  return d ? d->call(op, fd, ksz, vsz, flags) : kDirectDeclined;
}
