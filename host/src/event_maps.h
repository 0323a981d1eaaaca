// The kernel's view of a map fd, for the event buffers: libbpf's ring_buffer__add and
// perf_buffer__new ask the kernel (OBJ_GET_INFO_BY_FD) rather than trusting the caller,
// and so does the addon: the mmap sizes come from here, never from JS.
#pragma once
#include <cstdint>
#include <vector>

struct EventMapInfo {
  uint32_t type;
  uint32_t max_entries;
};

// 0, or -errno (-EBADF: not an fd; -EINVAL: not a BPF map).
int event_map_info(int fd, EventMapInfo *out);

// bpf(BPF_MAP_UPDATE_ELEM / BPF_MAP_DELETE_ELEM) of a u32 key and u32 value (perf event
// array slots). 0 or -errno.
int event_map_set_u32(int map_fd, uint32_t key, uint32_t value);
int event_map_delete_u32(int map_fd, uint32_t key);

// CPU lists as libbpf reads them (/sys/devices/system/cpu/{possible,online}): one flag
// per CPU number from 0. -errno on failure.
int event_cpu_mask(const char *path, std::vector<bool> *out);

// A close-on-exec duplicate of fd, so a buffer keeps its map however the caller's fd
// number is reused. -errno on failure.
int event_dup_fd(int fd);
