#include "perf_buffer.h"

#include <errno.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "copy_words.h"
#include "event_maps.h"

namespace {

int open_cpu(PerfBufferReader *pb, int cpu, uint32_t key, size_t page_cnt) {
  PerfCpuBuffer b;
  b.cpu = cpu;
  b.map_key = key;
  struct perf_event_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.config = PERF_COUNT_SW_BPF_OUTPUT;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.sample_type = PERF_SAMPLE_RAW;
  attr.sample_period = 1;
  attr.wakeup_events = 1;
  b.fd = static_cast<int>(syscall(__NR_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC));
  if (b.fd < 0) return -errno;
  pb->cpus.push_back(b);  // from here perf_buffer_close() releases it
  PerfCpuBuffer &c = pb->cpus.back();
  void *base = mmap(nullptr, (page_cnt + 1) * pb->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, c.fd, 0);
  if (base == MAP_FAILED) return -errno;
  c.base = static_cast<uint8_t *>(base);
  if (ioctl(c.fd, PERF_EVENT_IOC_ENABLE, 0) < 0) return -errno;
  return event_map_set_u32(pb->map_fd, key, static_cast<uint32_t>(c.fd));
}

// perf_event_read_simple() for one CPU (the reader's ring `slot`); false when the batch
// ran out of room.
bool fill_cpu(PerfBufferReader *pb, uint32_t slot, BatchWriter &batch, int64_t *need) {
  PerfCpuBuffer &c = pb->cpus[slot];
  auto *header = reinterpret_cast<perf_event_mmap_page *>(c.base);
  uint64_t head = __atomic_load_n(&header->data_head, __ATOMIC_ACQUIRE);
  uint64_t tail = header->data_tail;
  const uint8_t *base = c.base + pb->page_size;
  bool room = true;
  while (head != tail) {
    const uint8_t *at = base + (tail & (pb->mmap_size - 1));
    perf_event_header ehdr;
    // The header itself may straddle the end (8 bytes, 8-aligned records: it never does).
    std::memcpy(&ehdr, at, sizeof ehdr);
    size_t first = static_cast<size_t>(base + pb->mmap_size - at);
    // Copy the record out, joining the two parts of one that wraps the ring's end.
    auto copy = [&](size_t from, uint8_t *dst, size_t n) {
      size_t a = from < first ? std::min(n, first - from) : 0;
      if (a) std::memcpy(dst, at + from, a);
      if (n > a) std::memcpy(dst + a, base + (from + a - first), n - a);
    };
    uint32_t len = 0;
    uint32_t tag = static_cast<uint32_t>(c.cpu);
    size_t payload = 0;  // data bytes to copy, from record offset `from`
    size_t from = sizeof ehdr;
    if (ehdr.type == PERF_RECORD_SAMPLE) {
      // struct perf_sample_raw.size (a fixed-size copy unless it wraps: no call to memcpy)
      if (first >= sizeof ehdr + 4) std::memcpy(&len, at + sizeof ehdr, 4);
      else copy(sizeof ehdr, reinterpret_cast<uint8_t *>(&len), 4);
      from += 4;
      payload = len;
    } else if (ehdr.type == PERF_RECORD_LOST) {
      from += 8;  // struct perf_sample_lost: id, then lost
      payload = len = 8;
      tag |= kPerfTagLost;
    } else {
      len = 4;  // the type, for the facade's message
      tag |= kPerfTagUnknown;
    }
    // The kernel keeps lengths inside the record and records inside the ring; a copy that
    // relied on it blindly would read past the mapping if it ever did not.
    if (ehdr.size < sizeof ehdr || ehdr.size > pb->mmap_size) break;
    if (from + payload > ehdr.size) payload = len = ehdr.size > from ? static_cast<uint32_t>(ehdr.size - from) : 0;
    if (!batch.fits(len)) {
      if (batch.empty() && !batch.full()) *need = -static_cast<int64_t>(batch.need(len));
      room = false;
      break;
    }
    tail += ehdr.size;
    uint8_t *dst = batch.add(len, tail, slot, tag);
    if (tag & kPerfTagUnknown) {
      uint64_t kind = ehdr.type;
      std::memcpy(dst, &kind, 8);
      break;  // libbpf stops here
    }
    // A record before the ring's end: whole words (the kernel pads raw samples so records
    // stay 8-aligned; padding past the record is still inside the mapping, checked).
    size_t padded = BatchWriter::pad(payload);
    if (from + padded <= first) copy_words(dst, at + from, padded);
    else if (payload) copy(from, dst, payload);
  }
  c.fill_end = tail;
  return room;
}

}  // namespace

int perf_buffer_open(int map_fd, size_t page_cnt, PerfBufferReader *pb) {
  if (page_cnt == 0 || (page_cnt & (page_cnt - 1))) return -EINVAL;
  EventMapInfo info;
  int err = event_map_info(map_fd, &info);
  if (err < 0) return err;
  if (info.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) return -EINVAL;
  std::vector<bool> possible, online;
  if ((err = event_cpu_mask("/sys/devices/system/cpu/possible", &possible)) < 0) return err;
  if ((err = event_cpu_mask("/sys/devices/system/cpu/online", &online)) < 0) return err;
  pb->page_size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  pb->mmap_size = page_cnt * pb->page_size;
  pb->map_fd = event_dup_fd(map_fd);
  if (pb->map_fd < 0) return pb->map_fd;
  // libbpf: cpu_cnt = possible CPUs, capped by max_entries; slot key = CPU number.
  size_t cpu_cnt = possible.size();
  if (info.max_entries && info.max_entries < cpu_cnt) cpu_cnt = info.max_entries;
  for (size_t cpu = 0; cpu < cpu_cnt; cpu++) {
    if (!possible[cpu] || cpu >= online.size() || !online[cpu]) continue;
    if ((err = open_cpu(pb, static_cast<int>(cpu), static_cast<uint32_t>(cpu), page_cnt)) < 0) {
      perf_buffer_close(pb);
      return err;
    }
  }
  return 0;
}

void perf_buffer_close(PerfBufferReader *pb) {
  for (PerfCpuBuffer &c : pb->cpus) {
    if (pb->map_fd >= 0) event_map_delete_u32(pb->map_fd, c.map_key);
    if (c.base) {
      ioctl(c.fd, PERF_EVENT_IOC_DISABLE, 0);
      munmap(c.base, pb->mmap_size + pb->page_size);
    }
    close(c.fd);
  }
  if (pb->map_fd >= 0) close(pb->map_fd);
  *pb = PerfBufferReader{};
}

int64_t perf_buffer_fill(PerfBufferReader *pb, uint8_t *out, size_t cap, uint32_t *meta, size_t meta_words,
                         bool fresh) {
  BatchWriter batch(&pb->layout, out, cap, meta, meta_words, true, fresh);
  int64_t need = 0;
  for (PerfCpuBuffer &c : pb->cpus) c.fill_end = 0;
  for (uint32_t slot = 0; slot < pb->cpus.size(); slot++) {
    if (!fill_cpu(pb, slot, batch, &need)) break;
  }
  return batch.finish(need);
}

int perf_buffer_commit(PerfBufferReader *pb, int64_t delivered) {
  const BatchLayout &b = pb->layout;
  if (delivered < 0 || delivered > b.count) return -EINVAL;
  if (delivered == 0) return 0;
  // Entries are in ring order: the rings before the last delivered entry's are released
  // to the end of the fill, that ring to the entry's end; all of them when all delivered.
  bool all = delivered == b.count;
  uint32_t last = b.slot[delivered - 1];
  for (uint32_t slot = 0; slot < pb->cpus.size(); slot++) {
    if (!all && slot > last) break;
    PerfCpuBuffer &c = pb->cpus[slot];
    uint64_t to = all || slot < last ? c.fill_end : b.ends[delivered - 1];
    auto *header = reinterpret_cast<perf_event_mmap_page *>(c.base);
    if (to > header->data_tail) __atomic_store_n(&header->data_tail, to, __ATOMIC_RELEASE);
  }
  return 0;
}
