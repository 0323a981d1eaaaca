#include "user_ringbuf.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sys/mman.h>

#include <cstring>


int user_ringbuf_open(int map_fd, UserRingbufWriter *w) {
  return ring_mapping_open(map_fd, BPF_MAP_TYPE_USER_RINGBUF, PROT_READ, PROT_READ | PROT_WRITE, w);
}

void user_ringbuf_close(UserRingbufWriter *w) { ring_mapping_close(w); }

int64_t user_ringbuf_reserve(UserRingbufWriter *w, uint32_t size) {
  if (size & (BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT)) return -E2BIG;
  uint64_t cons = __atomic_load_n(w->consumer_pos, __ATOMIC_ACQUIRE);
  uint64_t prod = __atomic_load_n(w->producer_pos, __ATOMIC_ACQUIRE);
  uint64_t max_size = w->mask + 1;
  uint64_t avail = max_size - (prod - cons);
  uint64_t total = (static_cast<uint64_t>(size) + BPF_RINGBUF_HDR_SZ + 7) / 8 * 8;
  if (total > max_size) return -E2BIG;
  if (avail < total) return -ENOSPC;
  uint32_t *hdr = reinterpret_cast<uint32_t *>(w->data + (prod & w->mask));
  hdr[0] = size | BPF_RINGBUF_BUSY_BIT;
  hdr[1] = 0;
  __atomic_store_n(w->producer_pos, static_cast<unsigned long>(prod + total), __ATOMIC_RELEASE);
  return static_cast<int64_t>((prod + BPF_RINGBUF_HDR_SZ) & w->mask);
}

int user_ringbuf_commit(UserRingbufWriter *w, int64_t offset, const uint8_t *bytes, size_t len, bool discard) {
  if (offset < 0 || static_cast<uint64_t>(offset) > w->mask || (offset & 7)) return -EINVAL;
  uint64_t hdr_off = (w->mask + 1 + offset - BPF_RINGBUF_HDR_SZ) & w->mask;
  uint32_t *hdr = reinterpret_cast<uint32_t *>(w->data + hdr_off);
  uint32_t cur = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
  if (!(cur & BPF_RINGBUF_BUSY_BIT)) return -EINVAL;  // not reserved, or committed already
  uint32_t size = cur & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
  if (len > size) len = size;
  if (bytes && len) std::memcpy(w->data + offset, bytes, len);  // the data area is mapped twice
  uint32_t new_len = size | (discard ? BPF_RINGBUF_DISCARD_BIT : 0);
  __atomic_exchange_n(hdr, new_len, __ATOMIC_ACQ_REL);
  return 0;
}
