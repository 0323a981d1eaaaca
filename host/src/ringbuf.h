// The consumer side of one BPF ring buffer (BPF_MAP_TYPE_RINGBUF), laid out and read as
// libbpf 1.1.2's ringbuf.c does: the consumer page mapped read-write, the producer page
// and the data area (mapped twice by the kernel, so a record that wraps is contiguous)
// read-only; positions read with acquire and the consumer position written with release.
//
// Records are not handed out as views of the mapped pages (JS could write to a read-only
// page and crash the process): ringbuf_fill() copies committed records into a batch
// buffer and releases their space in the ring at once, as libbpf releases each record
// after its callback. The facade then delivers the batch; records it has not delivered yet
// (a callback stopped consumption) stay queued there, so nothing is lost or seen twice.
#pragma once
#include <cstddef>
#include <cstdint>

#include "ring_mapping.h"

// The consumer page read-write, the producer page and data read-only; fd is polled.
using RingbufReader = RingMapping;

// 0, or -errno: -EINVAL for a map that is not a ring buffer (libbpf's check), mmap errors.
int ringbuf_open(int map_fd, RingbufReader *r);
void ringbuf_close(RingbufReader *r);

// Batch entry: u32 length, u32 zero, the record's bytes, padded to 8.
constexpr size_t kBatchHeader = 8;

// Copies committed records, oldest first, into out[0, cap) and advances the consumer
// position past them and past discarded ones; stops at a record still being written (the
// busy bit), at an empty ring, or when the next record does not fit. Returns the bytes
// used (>= 0), or, when not even the first record fits, -(bytes it needs).
int64_t ringbuf_fill(RingbufReader *r, uint8_t *out, size_t cap);
