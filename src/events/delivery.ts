// The delivery loops of ring and perf buffers: batches from the addon's fill, each record
// to its callback, the records delivered released after (libbpf releases each after its
// callback; releasing per batch is the same to the kernel's producer, which only ever
// waits for space). Kept apart from the buffer classes so that the benchmark's floor
// (bench/events.mjs) runs these very loops on prepared batches, without the kernel.
//
// What a record costs here is the point: a loop does nothing per record but index the
// batch's ready views and call the callback; whatever is rare (a negative result, a close,
// a detached buffer, a perf record that is not a sample) is one compare after the call.
// A helper call or an allocation in these loops kept V8 from inlining the user's callback
// and cost more than all the rest (docs/performance.md).
import { Batch, type Fill } from './batch.js';

/** What the loops need of one ring (a ring buffer's map, or all of a perf buffer's CPUs). */
export interface Source {
  readonly batch: Batch;
  readonly fill: Fill;
  /** Releases the first `delivered` entries of the last fill. */
  readonly commit: (delivered: number) => void;
  /** Throws the error for a fill's -errno. */
  readonly fail: (negErrno: number) => never;
  /** Set by close(), which a callback may call. */
  closed: boolean;
}

export interface RingSource extends Source {
  readonly cb: (data: Uint8Array) => number | void;
}

export interface PerfSource extends Source {
  readonly onSample: (cpu: number, data: Uint8Array) => void;
  /** A lost record (the count in its data) or one of an unknown type (false: stop, as libbpf). */
  readonly other: (tag: number, data: Uint8Array) => boolean;
}

/** A perf entry's tag (host/src/perf_buffer.h): the CPU; bit 30 a lost record, bit 31 an unknown one. */
export const TAG_LOST = 1 << 30;
const LIBBPF_PERF_EVENT_ERROR = -1;

/**
 * Fills and delivers until the ring is empty, a callback stops (its negative result is
 * returned), the buffer is closed, or `budget` records were delivered. The count, or the
 * negative result.
 */
export function drain<S extends Source>(src: S, budget: number, deliver: (src: S, budget: number) => number): number {
  const { batch } = src;
  let cnt = 0;
  while (cnt < budget) {
    if (!batch.refill(src.fill, src.fail)) return cnt;
    const r = deliver(src, budget - cnt);
    if (r < 0) return r;
    cnt += r;
    if (src.closed) return cnt;
  }
  return cnt;
}

/** ringbuf_process_ring()'s loop over one batch: the entries delivered, or a callback's negative result. */
export function deliverRing(src: RingSource, budget: number): number {
  const { batch, cb } = src;
  const views = batch.views;
  const end = batch.count < budget ? batch.count : budget;
  let j = 0; // entries given to the callback: consumed, even by one that throws
  try {
    while (j < end) {
      const data = views[j++];
      const r = cb(data);
      if (typeof r === 'number' && r < 0) return Math.trunc(r) || -1;
      if (src.closed) return j;
      if (data.length === 0 && batch.detached) throw batch.detachedError('ring_buffer__consume');
    }
    return j;
  } finally {
    release(src, j);
  }
}

/**
 * perf_buffer__process_records()'s loop over one batch (every CPU's records, in CPU
 * order): the entries delivered (samples and lost records), or LIBBPF_PERF_EVENT_ERROR at
 * a record of an unknown type.
 */
export function deliverPerf(src: PerfSource, budget: number): number {
  const { batch, onSample } = src;
  const { views, tags } = batch;
  const end = batch.count < budget ? batch.count : budget;
  let j = 0; // entries given to a callback (or stopped at): consumed
  try {
    while (j < end) {
      const tag = tags[j];
      const data = views[j++];
      if (tag >= 0 && tag < TAG_LOST) onSample(tag, data);
      else if (!src.other(tag, data)) return LIBBPF_PERF_EVENT_ERROR;
      if (src.closed) return j;
      if (data.length === 0 && batch.detached) throw batch.detachedError('perf_buffer__consume');
    }
    return j;
  } finally {
    release(src, j);
  }
}

/** After a batch: its first `delivered` entries released (unless closed), the rest dropped (still in the ring). */
function release(src: Source, delivered: number): void {
  if (!src.closed && delivered > 0) src.commit(delivered);
  src.batch.count = 0;
}
