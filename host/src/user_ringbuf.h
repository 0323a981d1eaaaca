// The producer side of a BPF_MAP_TYPE_USER_RINGBUF, as libbpf 1.1.2's user_ring_buffer__*
// lays it out: the consumer page (written by the kernel as a program drains) read-only,
// the producer page and the data area (mapped twice) read-write; positions read with
// acquire, the producer position and each record's header published with release.
#pragma once
#include <cstddef>
#include <cstdint>

#include "ring_mapping.h"

// The consumer page read-only, the producer page and data read-write.
using UserRingbufWriter = RingMapping;

// 0 or -errno (-EINVAL: not a user ring buffer).
int user_ringbuf_open(int map_fd, UserRingbufWriter *w);
void user_ringbuf_close(UserRingbufWriter *w);

// user_ring_buffer__reserve(): the sample's offset in the data area, or -E2BIG (size has
// a flag bit, or the record exceeds the ring) / -ENOSPC (not enough free space now).
int64_t user_ringbuf_reserve(UserRingbufWriter *w, uint32_t size);

// Copies len bytes (at most the reserved size) to the sample at `offset` and commits it
// (user_ring_buffer__submit / __discard). -EINVAL when offset is not a pending reservation.
int user_ringbuf_commit(UserRingbufWriter *w, int64_t offset, const uint8_t *bytes, size_t len, bool discard);
