#include "ringbuf.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sys/mman.h>

#include <cstring>


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
  return ring_mapping_open(map_fd, BPF_MAP_TYPE_RINGBUF, PROT_READ | PROT_WRITE, PROT_READ, r);
}

void ringbuf_close(RingbufReader *r) { ring_mapping_close(r); }

int64_t ringbuf_fill(RingbufReader *r, uint8_t *out, size_t cap) {
  size_t used = 0;
  unsigned long cons = load_acquire(r->consumer_pos);
  bool got_new_data;
  do {
    got_new_data = false;
    unsigned long prod = load_acquire(r->producer_pos);
    while (cons < prod) {
      const uint8_t *hdr = r->data + (cons & r->mask);
      uint32_t len = load_acquire(reinterpret_cast<const uint32_t *>(hdr));
      if (len & BPF_RINGBUF_BUSY_BIT) goto done;  // not committed yet: stop the pass
      if ((len & BPF_RINGBUF_DISCARD_BIT) == 0) {
        size_t need = kBatchHeader + (static_cast<size_t>(len) + 7) / 8 * 8;
        if (need > cap - used) {
          if (used == 0) {
            store_release(r->consumer_pos, cons);
            return -static_cast<int64_t>(need);
          }
          goto done;
        }
        std::memcpy(out + used, &len, 4);
        std::memset(out + used + 4, 0, 4);
        std::memcpy(out + used + kBatchHeader, hdr + BPF_RINGBUF_HDR_SZ, len);
        used += need;
      }
      got_new_data = true;
      cons += roundup_len(len);
      store_release(r->consumer_pos, cons);
    }
  } while (got_new_data);
done:
  return static_cast<int64_t>(used);
}
