#include "perf_calls.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace {

// /sys/bus/event_source/devices/NAME/type, once per process (thread-safe static init).
int32_t read_pmu_type(const char *name) {
  char path[96];
  std::snprintf(path, sizeof path, "/sys/bus/event_source/devices/%s/type", name);
  FILE *f = std::fopen(path, "re");
  if (!f) return -1;
  int v = -1;
  if (std::fscanf(f, "%d", &v) != 1) v = -1;
  std::fclose(f);
  return v;
}

bool config1_is_string(uint32_t type) {
  int32_t k = pmu_type_kprobe(), u = pmu_type_uprobe();
  return (k >= 0 && type == uint32_t(k)) || (u >= 0 && type == uint32_t(u));
}

}  // namespace

int32_t pmu_type_kprobe() {
  static const int32_t v = read_pmu_type("kprobe");
  return v;
}
int32_t pmu_type_uprobe() {
  static const int32_t v = read_pmu_type("uprobe");
  return v;
}

int64_t host_perf_event_open(const ModuleMemory &m, uint32_t attr, int pid, int cpu,
                             int group_fd, uint32_t flags) {
  // type and size first: the size says how long the struct is.
  if (attr == 0 || !m.contains(attr, 8)) return -EFAULT;
  uint32_t size;
  std::memcpy(&size, m.at(attr + 4), 4);
  if (size == 0) size = PERF_ATTR_SIZE_VER0;  // the kernel's reading of 0
  if (!m.contains(attr, size)) return -EFAULT;
  struct perf_event_attr a;
  std::memset(&a, 0, sizeof a);
  std::memcpy(&a, m.at(attr), size < sizeof a ? size : sizeof a);
  if (size > sizeof a) {
    // Fields newer than this header may hold pointers: like the kernel, demand zeros.
    for (uint32_t i = sizeof a; i < size; i++) {
      if (m.at(attr)[i]) {
        uint32_t ours = sizeof a;
        std::memcpy(m.at(attr + 4), &ours, 4);  // the kernel writes its size back on E2BIG
        return -E2BIG;
      }
    }
    a.size = sizeof a;
  }
  if (config1_is_string(a.type) && a.config1 != 0) {
    // kprobe: the function name; uprobe: the binary's path. (config1 == 0 with a kprobe
    // means "address in config2", which is not a pointer into this process.)
    if (a.config1 > UINT32_MAX || !m.has_cstring(a.config1)) return -EFAULT;
    a.config1 = m.native(a.config1);
  }
  long r = syscall(__NR_perf_event_open, &a, pid, cpu, group_fd, flags | PERF_FLAG_FD_CLOEXEC);
  return r < 0 ? -errno : r;
}

int64_t host_ioctl(int fd, uint32_t request, int32_t arg) {
  switch (request) {
    case PERF_EVENT_IOC_ENABLE: case PERF_EVENT_IOC_DISABLE: case PERF_EVENT_IOC_RESET:
    case PERF_EVENT_IOC_REFRESH: case PERF_EVENT_IOC_SET_BPF: case PERF_EVENT_IOC_PAUSE_OUTPUT:
      break;
    default:
      return -EINVAL;  // its argument would be a pointer
  }
  long r = ioctl(fd, request, static_cast<long>(arg));
  return r < 0 ? -errno : r;
}

int64_t host_if_nametoindex(const ModuleMemory &m, uint32_t name) {
  if (name == 0 || !m.has_cstring(name)) return -EFAULT;
  const char *n = reinterpret_cast<const char *>(m.at(name));
  if (std::strlen(n) >= IF_NAMESIZE) return -ENODEV;
  unsigned idx = if_nametoindex(n);
  return idx ? int64_t(idx) : -errno;
}
