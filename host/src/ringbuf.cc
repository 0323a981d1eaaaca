#include "ringbuf.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sys/mman.h>

#include <cstring>

#include "copy_words.h"


namespace {

template <typename T>
T load_acquire(const T *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
template <typename T>
void store_release(T *p, T v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

// libbpf's roundup_len(): the header plus the length without the flag bits, to 8.
uint32_t roundup_len(uint32_t len) {
  len <<= 2;
  len >>= 2;
  len += BPF_RINGBUF_HDR_SZ;
  return (len + 7) / 8 * 8;
}

}  // namespace

int ringbuf_open(int map_fd, RingbufReader *r) {
  *r = RingbufReader{};
  return ring_mapping_open(map_fd, BPF_MAP_TYPE_RINGBUF, PROT_READ | PROT_WRITE, PROT_READ, r);
}

void ringbuf_close(RingbufReader *r) {
  ring_mapping_close(r);
  *r = RingbufReader{};
}

int64_t ringbuf_fill(RingbufReader *r, uint8_t *out, size_t cap) {
  size_t used = 0;
  int64_t result = 0;  // or -(bytes needed) when not even the first record fits
  const unsigned long start = load_acquire(r->consumer_pos);
  unsigned long cons = start;
  bool got_new_data;
  do {
    got_new_data = false;
    unsigned long prod = load_acquire(r->producer_pos);
    while (cons < prod) {
      const uint8_t *hdr = r->data + (cons & r->mask);
      uint32_t len = load_acquire(reinterpret_cast<const uint32_t *>(hdr));
      if (len & BPF_RINGBUF_BUSY_BIT) goto done;  // not committed yet: stop the pass
      unsigned long next = cons + roundup_len(len);
      if ((len & BPF_RINGBUF_DISCARD_BIT) == 0) {
        size_t padded = (static_cast<size_t>(len) + 7) / 8 * 8;
        size_t need = kBatchHeader + padded;
        if (need > cap - used) {
          if (used == 0) result = -static_cast<int64_t>(need);
          goto done;
        }
        // The delta fits in 32 bits: a fill never covers more than the ring (< 4 GiB).
        uint64_t entry_header = len | static_cast<uint64_t>(static_cast<uint32_t>(next - start)) << 32;
        std::memcpy(out + used, &entry_header, 8);
        // Records are padded to 8 in the ring: the padding is inside the record.
        copy_words(out + used + kBatchHeader, hdr + BPF_RINGBUF_HDR_SZ, padded);
        used += need;
      }
      got_new_data = true;
      cons = next;
    }
  } while (got_new_data);
done:
  r->fill_start = start;
  r->fill_end = cons;
  // Nothing to deliver: release the discarded records skipped, as libbpf does at once.
  if (used == 0 && cons != start) store_release(r->consumer_pos, cons);
  return result < 0 ? result : static_cast<int64_t>(used);
}

int ringbuf_commit(RingbufReader *r, int64_t end) {
  unsigned long to = end < 0 ? r->fill_end : r->fill_start + static_cast<unsigned long>(end);
  if (end > 0xffffffffLL || to > r->fill_end) return -EINVAL;
  if (to > load_acquire(r->consumer_pos)) store_release(r->consumer_pos, to);
  return 0;
}
