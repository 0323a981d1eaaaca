#include "event_maps.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "bpf_object_kind.h"

namespace {
long sys_bpf(int cmd, union bpf_attr *attr) { return syscall(__NR_bpf, cmd, attr, sizeof *attr); }
}  // namespace

int event_map_info(int fd, EventMapInfo *out) {
  std::string kind;
  int r = bpf_object_kind(fd, &kind);
  if (r < 0) return r;
  if (kind != "bpf-map") return -EINVAL;  // a program or BTF fd would answer with another struct
  struct bpf_map_info info;
  std::memset(&info, 0, sizeof info);
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.info.bpf_fd = fd;
  attr.info.info_len = sizeof info;
  attr.info.info = reinterpret_cast<uintptr_t>(&info);
  if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0) return -errno;
  out->type = info.type;
  out->max_entries = info.max_entries;
  return 0;
}

static int map_elem(int cmd, int map_fd, uint32_t key, const uint32_t *value) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.map_fd = map_fd;
  attr.key = reinterpret_cast<uintptr_t>(&key);
  attr.value = reinterpret_cast<uintptr_t>(value);
  return sys_bpf(cmd, &attr) < 0 ? -errno : 0;
}

int event_map_set_u32(int map_fd, uint32_t key, uint32_t value) {
  return map_elem(BPF_MAP_UPDATE_ELEM, map_fd, key, &value);
}

int event_map_delete_u32(int map_fd, uint32_t key) {
  return map_elem(BPF_MAP_DELETE_ELEM, map_fd, key, nullptr);
}

int event_cpu_mask(const char *path, std::vector<bool> *out) {
  FILE *f = std::fopen(path, "re");
  if (!f) return -errno;
  char buf[4096];
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  out->clear();
  // "0-3,5,7-8\n", as parse_cpu_mask_str() in libbpf reads it.
  for (const char *p = buf; *p && *p != '\n';) {
    char *end;
    long a = std::strtol(p, &end, 10), b = a;
    if (end == p || a < 0 || a > 65535) return -EINVAL;
    p = end;
    if (*p == '-') {
      b = std::strtol(p + 1, &end, 10);
      if (end == p + 1 || b < a || b > 65535) return -EINVAL;
      p = end;
    }
    if (out->size() < static_cast<size_t>(b) + 1) out->resize(b + 1, false);
    for (long c = a; c <= b; c++) (*out)[c] = true;
    if (*p == ',') p++;
  }
  return out->empty() ? -EINVAL : 0;
}

int event_dup_fd(int fd) {
  int r = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  return r < 0 ? -errno : r;
}
