#include "ringbuf.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "event_maps.h"

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
  EventMapInfo info;
  int err = event_map_info(map_fd, &info);
  if (err < 0) return err;
  if (info.type != BPF_MAP_TYPE_RINGBUF) return -EINVAL;
  r->page_size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  r->mask = static_cast<uint64_t>(info.max_entries) - 1;
  r->fd = event_dup_fd(map_fd);
  if (r->fd < 0) return r->fd;
  void *cons = mmap(nullptr, r->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
  if (cons == MAP_FAILED) {
    err = -errno;
    ringbuf_close(r);
    return err;
  }
  r->consumer_pos = static_cast<unsigned long *>(cons);
  size_t sz = r->page_size + 2 * static_cast<size_t>(info.max_entries);
  void *prod = mmap(nullptr, sz, PROT_READ, MAP_SHARED, r->fd, r->page_size);
  if (prod == MAP_FAILED) {
    err = -errno;
    ringbuf_close(r);
    return err;
  }
  r->producer_pos = static_cast<unsigned long *>(prod);
  r->data = static_cast<uint8_t *>(prod) + r->page_size;
  return 0;
}

void ringbuf_close(RingbufReader *r) {
  if (r->producer_pos) munmap(r->producer_pos, r->page_size + 2 * (r->mask + 1));
  if (r->consumer_pos) munmap(r->consumer_pos, r->page_size);
  if (r->fd >= 0) close(r->fd);
  *r = RingbufReader{};
}

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
