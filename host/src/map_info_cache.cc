#include "map_info_cache.h"

#include <errno.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

#include "bpf_object_kind.h"

namespace {

// fds are process-wide, so the cache is too: every worker thread's module reaches it.
std::mutex mu;
std::unordered_map<int, MapInfo> cache;  // guarded by mu
// Bumped by every forget (guarded by mu). A lookup that missed and fetched the info
// without the lock stores it only if no fd was closed or handed out meanwhile, so an
// answer about a number's previous owner is never cached after the drop that meant it.
// Atomic so that a thread's memo (below) can be checked without the lock.
std::atomic<uint64_t> generation{0};

// The last answer this thread got, valid while no fd was dropped since (same
// generation): an element-op loop on one map then takes no lock. It can be as stale as
// an answer read under the lock just before a drop, which the host already allows for:
// the cache is only a bound, the kernel gets guarded copies (bounce_buffers.h).
struct Memo {
  int fd = -1;
  uint64_t generation = 0;
  MapInfo info{};
};
thread_local Memo memo;

// The kernel sizes per-CPU values by num_possible_cpus(): the weight of this mask.
uint32_t possible_cpus() {
  static uint32_t n = [] {
    uint32_t count = 0;
    FILE *f = std::fopen("/sys/devices/system/cpu/possible", "r");
    if (f) {
      unsigned a, b;
      char sep;
      while (std::fscanf(f, "%u", &a) == 1) {
        b = a;
        if (std::fscanf(f, "%c", &sep) == 1 && sep == '-') {
          if (std::fscanf(f, "%u", &b) != 1) break;
          if (std::fscanf(f, "%c", &sep) != 1) sep = '\n';
        }
        if (b >= a) count += b - a + 1;
        if (sep != ',') break;
      }
      std::fclose(f);
    }
    // Without the file, assume the most the kernel allows, so bounds only get stricter.
    return count ? count : 8192u;
  }();
  return n;
}

bool is_percpu(uint32_t type) {
  return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
         type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

}  // namespace

int map_info_get(int fd, MapInfo *out) {
  if (memo.fd == fd && memo.generation == generation.load(std::memory_order_acquire)) {
    *out = memo.info;
    return 0;
  }
  uint64_t seen;
  {
    std::lock_guard<std::mutex> lock(mu);
    seen = generation.load(std::memory_order_relaxed);
    auto it = cache.find(fd);
    if (it != cache.end()) {
      *out = it->second;
      memo = {fd, seen, it->second};
      return 0;
    }
  }
  std::string kind;
  int r = bpf_object_kind(fd, &kind);
  if (r < 0) return r;
  if (kind != "bpf-map") return -EINVAL;

  struct bpf_map_info info;
  union bpf_attr attr;
  std::memset(&info, 0, sizeof info);
  std::memset(&attr, 0, sizeof attr);
  attr.info.bpf_fd = static_cast<uint32_t>(fd);
  attr.info.info_len = sizeof info;
  attr.info.info = reinterpret_cast<uintptr_t>(&info);
  if (syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof attr.info) < 0) return -errno;
  if (info.type > BPF_MAP_TYPE_CGRP_STORAGE) return -EINVAL;

  MapInfo m{info.type, info.id, info.key_size, info.value_size};
  {
    std::lock_guard<std::mutex> lock(mu);
    if (generation.load(std::memory_order_relaxed) == seen) cache[fd] = m;
  }
  *out = m;
  return 0;
}

void map_info_forget(int fd) {
  std::lock_guard<std::mutex> lock(mu);
  cache.erase(fd);
  generation.fetch_add(1, std::memory_order_release);
}

uint64_t map_value_size(const MapInfo &m) {
  if (is_percpu(m.type)) return ((uint64_t(m.value_size) + 7) & ~uint64_t(7)) * possible_cpus();
  // fd-holding maps take an fd and return an id: a u32 whatever value_size says.
  if (m.type == BPF_MAP_TYPE_PROG_ARRAY || m.type == BPF_MAP_TYPE_PERF_EVENT_ARRAY ||
      m.type == BPF_MAP_TYPE_CGROUP_ARRAY || m.type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
      m.type == BPF_MAP_TYPE_HASH_OF_MAPS)
    return m.value_size > 4 ? m.value_size : 4;
  return m.value_size;
}

uint64_t map_batch_token_size(const MapInfo &m) { return m.key_size > 4 ? m.key_size : 4; }
