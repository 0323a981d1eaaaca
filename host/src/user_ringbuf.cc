#include "user_ringbuf.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "event_maps.h"

int user_ringbuf_open(int map_fd, UserRingbufWriter *w) {
  EventMapInfo info;
  int err = event_map_info(map_fd, &info);
  if (err < 0) return err;
  if (info.type != BPF_MAP_TYPE_USER_RINGBUF) return -EINVAL;
  w->page_size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  w->mask = static_cast<uint64_t>(info.max_entries) - 1;
  w->fd = event_dup_fd(map_fd);
  if (w->fd < 0) return w->fd;
  void *cons = mmap(nullptr, w->page_size, PROT_READ, MAP_SHARED, w->fd, 0);
  if (cons == MAP_FAILED) {
    err = -errno;
    user_ringbuf_close(w);
    return err;
  }
  w->consumer_pos = static_cast<unsigned long *>(cons);
  size_t sz = w->page_size + 2 * static_cast<size_t>(info.max_entries);
  void *prod = mmap(nullptr, sz, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, w->page_size);
  if (prod == MAP_FAILED) {
    err = -errno;
    user_ringbuf_close(w);
    return err;
  }
  w->producer_pos = static_cast<unsigned long *>(prod);
  w->data = static_cast<uint8_t *>(prod) + w->page_size;
  return 0;
}

void user_ringbuf_close(UserRingbufWriter *w) {
  if (w->producer_pos) munmap(w->producer_pos, w->page_size + 2 * (w->mask + 1));
  if (w->consumer_pos) munmap(w->consumer_pos, w->page_size);
  if (w->fd >= 0) close(w->fd);
  *w = UserRingbufWriter{};
}

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
