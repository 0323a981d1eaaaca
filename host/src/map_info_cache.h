// Key and value sizes of the maps behind fds, for the map commands whose attr carries
// pointers without lengths. Filled from OBJ_GET_INFO_BY_FD on first use of an fd and
// trusted afterwards (no syscall per element op), so it should hear about every fd
// number that is closed or reused: close(), dup3() and every call that returns a new fd
// drop that number. It cannot hear about fds closed or swapped outside the host, so its
// answer is a bound the host checks module memory against, never what the kernel is
// trusted with: bpf_call hands those buffers to the kernel through BounceBuffers.
// Process-wide (fds are) and locked: any number of worker threads may call it.
#pragma once
#include <cstdint>

struct MapInfo {
  uint32_t type;
  uint32_t id;
  uint32_t key_size;
  uint32_t value_size;
};

// 0 and *out, or -errno (-EBADF: no such fd; -EINVAL: not a map, or a map type this
// bpf.h does not know, whose value layout the host cannot bound).
int map_info_get(int fd, MapInfo *out);
void map_info_forget(int fd);

// Bytes the kernel copies for one value of this map in the syscall direction.
uint64_t map_value_size(const MapInfo &m);
// Bytes of a batch token: a u32 bucket/index for hash and array maps, a key otherwise.
uint64_t map_batch_token_size(const MapInfo &m);
