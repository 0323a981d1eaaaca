// The consumer side of one BPF ring buffer (BPF_MAP_TYPE_RINGBUF), laid out and read as
// libbpf 1.1.2's ringbuf.c does: the consumer page mapped read-write, the producer page
// and the data area (mapped twice by the kernel, so a record that wraps is contiguous)
// read-only; positions read with acquire and the consumer position written with release.
//
// Records are not handed out as views of the mapped pages (JS could write to a read-only
// page and crash the process): ringbuf_fill() copies committed records into a batch
// buffer WITHOUT releasing their space; the facade delivers the batch, then
// ringbuf_commit() moves the consumer position to the end of the last record delivered
// (release), as libbpf releases each record after its callback. A callback that stops
// consumption (or throws) leaves the records after it in the ring, for the next call:
// nothing is lost or delivered twice, even if the batch is dropped.
#pragma once
#include <cstddef>
#include <cstdint>

#include "event_batch.h"
#include "ring_mapping.h"

// The consumer page read-write, the producer page and data read-only; fd is polled.
struct RingbufReader : RingMapping {
  // The consumer position the last fill reached (past trailing discarded records): where
  // ringbuf_commit() moves it once all the fill's entries were delivered.
  unsigned long fill_end = 0;
  BatchLayout layout;  // the last fill's entries
};

// 0, or -errno: -EINVAL for a map that is not a ring buffer (libbpf's check), mmap errors.
int ringbuf_open(int map_fd, RingbufReader *r);
void ringbuf_close(RingbufReader *r);

// Copies committed records, oldest first, from the consumer position into a batch
// (event_batch.h: out[0, cap) the bytes, meta the layout), skipping discarded ones; stops
// at a record still being written (the busy bit), at an empty ring, or when the next record
// does not fit. The consumer position is not moved, except past discarded records when
// nothing was copied. Returns the entries (>= 0), or, when not even the first record
// fits, -(bytes it needs). `fresh`: the caller's views of earlier fills are gone.
int64_t ringbuf_fill(RingbufReader *r, uint8_t *out, size_t cap, uint32_t *meta, size_t meta_words, bool fresh);

// Releases the first `delivered` entries of the last fill, or everything the fill covered
// (skipped records too) when that is all of them. 0, or -EINVAL for more than it had.
int ringbuf_commit(RingbufReader *r, int64_t delivered);
