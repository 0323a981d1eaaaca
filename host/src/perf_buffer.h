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

struct PerfCpuBuffer {
  int cpu = -1;
  uint32_t map_key = 0;
  int fd = -1;
  uint8_t *base = nullptr;  // the perf_event_mmap_page, then the data pages
  // data_tail when the last fill started on this CPU, and past the last record it copied.
  uint64_t fill_start = 0;
  uint64_t fill_end = 0;
};

struct PerfBufferReader {
  int map_fd = -1;  // our own dup of the map fd
  size_t page_size = 0;
  size_t mmap_size = 0;  // data bytes: page_cnt * page_size
  std::vector<PerfCpuBuffer> cpus;
};

// 0 or -errno: -EINVAL for a map that is not a perf event array or a page_cnt that is not a
// power of two (libbpf's checks), perf_event_open/mmap/ioctl/update errors.
int perf_buffer_open(int map_fd, size_t page_cnt, PerfBufferReader *pb);
void perf_buffer_close(PerfBufferReader *pb);

// Batch entry (16-byte header): u32 kind (PERF_RECORD_SAMPLE or PERF_RECORD_LOST, or the
// unknown type libbpf stops at), u32 cpu, u32 data length, u32 end (data_tail just past
// this record, minus the CPU's fill_start), then the data padded to 8: a sample's raw
// bytes, or the lost count as a u64.
constexpr size_t kPerfBatchHeader = 16;

// Copies records of every CPU (in CPU order, each from its data_tail up to its head) into
// out[0, cap), without moving data_tail. Returns the bytes used, or -(bytes needed) when
// not even the first record fits. An unknown record type is copied (kind = the type, no
// data) and ends that CPU's part, for the facade to report as libbpf does.
int64_t perf_buffer_fill(PerfBufferReader *pb, uint8_t *out, size_t cap);

// Writes data_tail of `cpu` to its entry's `end` (release), or of every CPU to the end of
// the last fill (cpu < 0). 0, or -EINVAL for a cpu or end outside the last fill.
int perf_buffer_commit(PerfBufferReader *pb, int cpu, int64_t end);
