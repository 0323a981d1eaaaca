// The mappings of a BPF ring buffer map, shared by the consumer (BPF_MAP_TYPE_RINGBUF) and
// the producer (BPF_MAP_TYPE_USER_RINGBUF) sides, as libbpf 1.1.2 lays them out: page 0 is
// the consumer position, page 1 the producer position, then the data area mapped twice by
// the kernel so that a record wrapping the end is contiguous. Which side may write which
// page is the caller's `consumer_prot` / `data_prot`.
#pragma once
#include <cstddef>
#include <cstdint>

struct RingMapping {
  int fd = -1;  // our own dup of the map fd
  size_t page_size = 0;
  uint64_t mask = 0;
  unsigned long *consumer_pos = nullptr;
  unsigned long *producer_pos = nullptr;
  uint8_t *data = nullptr;  // 2 * (mask + 1) bytes
};

// 0, or -errno: -EINVAL when the map is not of `map_type` (libbpf's check), mmap errors.
int ring_mapping_open(int map_fd, uint32_t map_type, int consumer_prot, int data_prot, RingMapping *m);
void ring_mapping_close(RingMapping *m);
