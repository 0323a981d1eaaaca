// Per-CPU perf rings for a BPF_MAP_TYPE_PERF_EVENT_ARRAY, set up as libbpf 1.1.2's
// perf_buffer__new() does: for each online CPU below min(possible CPUs, max_entries), a
// PERF_COUNT_SW_BPF_OUTPUT event (sample_type PERF_SAMPLE_RAW, period 1, wakeup_events 1)
// opened on that CPU, its (page_cnt + 1) pages mapped read-write, PERF_EVENT_IOC_ENABLE,
// and the map's slot for the CPU set to the event's fd. Read as perf_event_read_simple():
// data_head with acquire, records copied (a record that wraps the ring's end is joined),
// data_tail written with release once the facade has delivered them (perf_buffer_commit),
// so records a callback did not get to stay in the ring for the next call.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "event_batch.h"

struct PerfCpuBuffer {
  int cpu = -1;
  uint32_t map_key = 0;
  int fd = -1;
  uint8_t *base = nullptr;  // the perf_event_mmap_page, then the data pages
  // data_tail just past the last record the last fill copied from this CPU (0: none).
  uint64_t fill_end = 0;
};

struct PerfBufferReader {
  int map_fd = -1;  // our own dup of the map fd
  size_t page_size = 0;
  size_t mmap_size = 0;  // data bytes: page_cnt * page_size
  std::vector<PerfCpuBuffer> cpus;
  BatchLayout layout;  // the last fill's entries
};

// 0 or -errno: -EINVAL for a map that is not a perf event array or a page_cnt that is not a
// power of two (libbpf's checks), perf_event_open/mmap/ioctl/update errors.
int perf_buffer_open(int map_fd, size_t page_cnt, PerfBufferReader *pb);
void perf_buffer_close(PerfBufferReader *pb);

// Entry tags (event_batch.h's tag word): the CPU, with these flags for what is not a sample.
// A lost record's bytes are the u64 count; an unknown record's the u64 type, and it ends
// the fill (the facade reports it as libbpf does).
constexpr uint32_t kPerfTagLost = 1u << 30;
constexpr uint32_t kPerfTagUnknown = 1u << 31;

// Copies records of every CPU (in CPU order, each from its data_tail up to its head) into a
// batch (event_batch.h), without moving data_tail. Returns the entries, or -(bytes
// needed) when not even the first record fits. `fresh`: the caller's views are gone.
int64_t perf_buffer_fill(PerfBufferReader *pb, uint8_t *out, size_t cap, uint32_t *meta, size_t meta_words,
                         bool fresh);

// Releases the first `delivered` entries of the last fill: data_tail (release) of the
// rings before the last one's to the end of the fill, of its ring to its end; of every
// ring to the end of the fill when all were delivered. 0, or -EINVAL for more than it had.
int perf_buffer_commit(PerfBufferReader *pb, int64_t delivered);
