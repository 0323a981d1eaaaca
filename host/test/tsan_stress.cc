// ThreadSanitizer stress for the host's shared state: several threads call bpf_call and
// host_close/host_fcntl (the paths the addon's bpf/close/fcntl exports take) against real
// maps, each with its own module memory and BounceBuffers as each Node environment has.
// They share one map and churn fd numbers, so the process-wide map-info cache is read,
// filled and dropped from every thread at once. Built with -fsanitize=thread by
// tests/host-threads.test.mjs; prints "ok threads=N ops=N" and exits 0 when every value
// read back is right (TSan itself fails the run on a race).
// --race-selftest plants a race on purpose: TSan must report it (proves the build is live).
#include <fcntl.h>
#include <linux/bpf.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "bounce_buffers.h"
#include "bpf_call.h"
#include "file_calls.h"
#include "module_memory.h"

namespace {

constexpr int kThreads = 4;
constexpr int kRounds = 40;       // maps created and closed per thread
constexpr int kOpsPerRound = 50;  // update+lookup pairs per round

std::atomic<long> ops{0};
std::atomic<int> failures{0};

// A thread's "module memory" with a bump allocator; offset 0 stays the module's NULL.
struct Memory {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(1 << 20);
  uint32_t next = 64;
  BounceBuffers bounce;

  ModuleMemory view() { return ModuleMemory{bytes.data(), bytes.size()}; }
  uint32_t alloc(uint32_t n) {
    next = (next + 7) & ~7u;
    uint32_t off = next;
    next += n;
    if (next > bytes.size()) next = 64, off = 64;  // recycle: callers use results at once
    std::memset(&bytes[off], 0, n);
    return off;
  }
  union bpf_attr *attr(uint32_t off) { return reinterpret_cast<union bpf_attr *>(&bytes[off]); }
  int64_t call(int cmd, uint32_t attr_off) {
    return bpf_call(view(), bounce, cmd, attr_off, sizeof(union bpf_attr));
  }
};

void fail(const char *what, long got) {
  std::fprintf(stderr, "FAIL %s: %ld\n", what, got);
  failures++;
}

int create_map(Memory &m) {
  uint32_t a = m.alloc(sizeof(union bpf_attr));
  m.attr(a)->map_type = BPF_MAP_TYPE_HASH;
  m.attr(a)->key_size = 4;
  m.attr(a)->value_size = 8;
  m.attr(a)->max_entries = 64;
  return static_cast<int>(m.call(BPF_MAP_CREATE, a));
}

int64_t elem(Memory &m, int cmd, int fd, uint32_t key, uint64_t *value) {
  uint32_t k = m.alloc(4), v = m.alloc(8), a = m.alloc(sizeof(union bpf_attr));
  std::memcpy(&m.bytes[k], &key, 4);
  std::memcpy(&m.bytes[v], value, 8);
  m.attr(a)->map_fd = static_cast<uint32_t>(fd);
  m.attr(a)->key = k;
  m.attr(a)->value = v;
  int64_t r = m.call(cmd, a);
  std::memcpy(value, &m.bytes[v], 8);
  return r;
}

// Update then look up the same key; the value must come back.
void round_trip(Memory &m, int fd, uint32_t key, uint64_t v) {
  uint64_t in = v, out = 0;
  int64_t r = elem(m, BPF_MAP_UPDATE_ELEM, fd, key, &in);
  if (r != 0) return fail("update", r);
  if ((r = elem(m, BPF_MAP_LOOKUP_ELEM, fd, key, &out)) != 0) return fail("lookup", r);
  if (out != v) return fail("lookup value", static_cast<long>(out));
  ops += 2;
}

void info(Memory &m, int fd) {
  uint32_t i = m.alloc(sizeof(struct bpf_map_info)), a = m.alloc(sizeof(union bpf_attr));
  m.attr(a)->info.bpf_fd = static_cast<uint32_t>(fd);
  m.attr(a)->info.info_len = sizeof(struct bpf_map_info);
  m.attr(a)->info.info = i;
  int64_t r = m.call(BPF_OBJ_GET_INFO_BY_FD, a);
  if (r != 0) return fail("info", r);
  ops++;
}

void worker(int t, int shared) {
  Memory m;
  for (int round = 0; round < kRounds; round++) {
    int fd = create_map(m);
    if (fd < 0) return fail("map create", fd);
    for (int j = 0; j < kOpsPerRound; j++) {
      round_trip(m, fd, j % 16, uint64_t(t) << 32 | uint64_t(round * kOpsPerRound + j));
      round_trip(m, shared, uint32_t(t), uint64_t(j));  // one key per thread on the shared map
      if (j % 10 == 0) info(m, fd);
    }
    if (host_close(fd) != 0) fail("close", fd);
  }
}

// Hands out and drops fd numbers (F_DUPFD + close), as libbpf's own dups do.
void churn(int shared, const std::atomic<bool> &stop) {
  while (!stop) {
    int64_t d = host_fcntl(shared, F_DUPFD_CLOEXEC, 0);
    if (d < 0) return fail("dup", d);
    host_close(static_cast<int>(d));
    ops++;
  }
}

int planted;  // --race-selftest: written by two threads without a lock on purpose

}  // namespace

int main(int argc, char **argv) {
  if (argc > 1 && std::strcmp(argv[1], "--race-selftest") == 0) {
    std::thread a([] { for (int i = 0; i < 100000; i++) planted++; });
    std::thread b([] { for (int i = 0; i < 100000; i++) planted++; });
    a.join();
    b.join();
    std::printf("planted=%d\n", planted);
    return 0;
  }
  Memory main_memory;
  int shared = create_map(main_memory);
  if (shared < 0) {
    std::fprintf(stderr, "cannot create a map: %d (needs root and bpf())\n", shared);
    return 2;
  }
  std::atomic<bool> stop{false};
  std::thread churner(churn, shared, std::cref(stop));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) threads.emplace_back(worker, t, shared);
  for (auto &th : threads) th.join();
  stop = true;
  churner.join();
  host_close(shared);
  if (failures) return 1;
  std::printf("ok threads=%d ops=%ld\n", kThreads + 1, ops.load());
  return 0;
}
