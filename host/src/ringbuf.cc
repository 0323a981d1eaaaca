#include "ringbuf.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sys/mman.h>

#include <cstring>

#include "copy_words.h"
#include "event_batch.h"


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

int64_t ringbuf_fill(RingbufReader *r, uint8_t *out, size_t cap, uint32_t *meta, size_t meta_words, bool fresh) {
  BatchWriter batch(&r->layout, out, cap, meta, meta_words, false, fresh);
  int64_t need = 0;  // -(bytes needed) when not even the first record fits
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
        if (!batch.fits(len)) {
          if (batch.empty() && !batch.full()) need = -static_cast<int64_t>(batch.need(len));
          goto done;
        }
        // Records are padded to 8 in the ring: the padding is inside the record.
        copy_words(batch.add(len, next), hdr + BPF_RINGBUF_HDR_SZ, BatchWriter::pad(len));
      }
      got_new_data = true;
      cons = next;
    }
  } while (got_new_data);
done:
  r->fill_end = cons;
  // Nothing to deliver: release the discarded records skipped, as libbpf does at once.
  if (batch.empty() && cons != start) store_release(r->consumer_pos, cons);
  return batch.finish(need);
}

int ringbuf_commit(RingbufReader *r, int64_t delivered) {
  const BatchLayout &b = r->layout;
  if (delivered < 0 || delivered > b.count) return -EINVAL;
  if (delivered == 0) return 0;
  unsigned long to = delivered == b.count ? r->fill_end : b.ends[delivered - 1];
  if (to > load_acquire(r->consumer_pos)) store_release(r->consumer_pos, to);
  return 0;
}
