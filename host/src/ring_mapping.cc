#include "ring_mapping.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "event_maps.h"

int ring_mapping_open(int map_fd, uint32_t map_type, int consumer_prot, int data_prot, RingMapping *m) {
  EventMapInfo info;
  int err = event_map_info(map_fd, &info);
  if (err < 0) return err;
  if (info.type != map_type) return -EINVAL;
  m->page_size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  m->mask = static_cast<uint64_t>(info.max_entries) - 1;
  m->fd = event_dup_fd(map_fd);
  if (m->fd < 0) return m->fd;
  void *cons = mmap(nullptr, m->page_size, consumer_prot, MAP_SHARED, m->fd, 0);
  if (cons == MAP_FAILED) {
    err = -errno;
    ring_mapping_close(m);
    return err;
  }
  m->consumer_pos = static_cast<unsigned long *>(cons);
  size_t sz = m->page_size + 2 * static_cast<size_t>(info.max_entries);
  void *prod = mmap(nullptr, sz, data_prot, MAP_SHARED, m->fd, m->page_size);
  if (prod == MAP_FAILED) {
    err = -errno;
    ring_mapping_close(m);
    return err;
  }
  m->producer_pos = static_cast<unsigned long *>(prod);
  m->data = static_cast<uint8_t *>(prod) + m->page_size;
  return 0;
}

void ring_mapping_close(RingMapping *m) {
  if (m->producer_pos) munmap(m->producer_pos, m->page_size + 2 * (m->mask + 1));
  if (m->consumer_pos) munmap(m->consumer_pos, m->page_size);
  if (m->fd >= 0) close(m->fd);
  *m = RingMapping{};
}
