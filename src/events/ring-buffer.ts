// RingBuffer: libbpf's struct ring_buffer (ring_buffer__new/__add/__poll/__consume/__free)
// for BPF_MAP_TYPE_RINGBUF maps, read by the addon (host/src/ringbuf.cc) with ringbuf.c's
// record rules: a record still being written stops the pass, discarded records are
// skipped, records are consumed oldest first, each exactly once. The addon copies a batch
// of records per call (one crossing into C++ per batch, not per record); their space in
// the ring is released only up to the last record a callback was given.
import { MapType } from '../bpf-enums.js';
import { Batch } from './batch.js';
import { deliverRing, drain, type RingSource } from './delivery.js';
import { eventError, eventMapFd } from './event-map.js';
import { eventsAddon, type Handle } from './events-addon.js';
import { EventSource } from './event-source.js';

/**
 * Called once per record. `data` is valid only during the call: it views a batch buffer
 * that the next records overwrite (copy it, e.g. `data.slice()`, to keep it). The records
 * are copied once out of the kernel's read-only pages: a view of those pages would crash
 * the process on a write. Return a negative number to stop consumption (that number is
 * what consume()/poll() return); anything else continues.
 */
export type RingBufferCallback = (data: Uint8Array) => number | void;

interface Ring extends RingSource {
  readonly handle: Handle;
  readonly fd: number;
}

// Copies of at most this many bytes per crossing: large enough that the crossing costs
// nothing per record, small enough to stay in the CPU's cache with its views.
const BATCH_BYTES = 64 * 1024;

/**
 * libbpf's ring_buffer over one or more BPF_MAP_TYPE_RINGBUF maps: records delivered to each map's
 * callback by consume, poll or start.
 */
export class RingBuffer extends EventSource {
  protected readonly kind = 'ring_buffer';
  #rings: Ring[] = [];

  /** ring_buffer__new without a first map: add rings with add(). */
  constructor(map?: unknown, cb?: RingBufferCallback) {
    super();
    if (map !== undefined) this.add(map, cb as RingBufferCallback);
  }

  /**
   * ring_buffer__add: another ring in this manager. `map` is a BpfMap of a loaded object, a
   * MapHandle, or any { fd, type, maxEntries } of a BPF_MAP_TYPE_RINGBUF map; the buffer
   * keeps its own duplicate of the fd, so closing the object later does not disturb it.
   */
  add(map: unknown, cb: RingBufferCallback): this {
    const op = 'ring_buffer__add';
    this.checkOpen(op);
    if (typeof cb !== 'function') throw new TypeError(`${op}: expected a callback (data: Uint8Array) => number | void`);
    const fd = eventMapFd(op, map, MapType.RINGBUF);
    const addon = eventsAddon();
    const h = addon.ringbufOpen(fd);
    if (typeof h === 'number') throw eventError(op, h, `map fd=${fd}`);
    const info = addon.ringbufInfo(h);
    this.#rings.push({
      handle: h,
      fd: info.fd,
      cb,
      batch: new Batch(Math.min(info.size, BATCH_BYTES)),
      fill: (out, meta, fresh) => addon.ringbufFill(h, out, meta, fresh),
      commit: (delivered) => { addon.ringbufCommit(h, delivered); },
      fail,
      closed: false,
    });
    return this;
  }

  /** Rings in this manager. */
  get size(): number { return this.#rings.length; }

  protected watchedFds(): number[] { return this.#rings.map((r) => r.fd); }

  protected consumeAll(budget: number): number {
    let total = 0;
    this.#more = false;
    for (const ring of this.#rings) {
      if (ring.closed) break;
      const r = processRing(ring, budget);
      if (r < 0) return r;
      if (r >= budget) this.#more = true;
      total += r;
    }
    return total;
  }

  #more = false;
  protected hasPending(): boolean { return this.#more; }

  protected release(): void {
    const addon = eventsAddon();
    for (const r of this.#rings) {
      r.closed = true;
      addon.ringbufClose(r.handle);
    }
    this.#rings = [];
  }
}

const fail = (r: number): never => { throw eventError('ring_buffer__consume', r, 'reading the ring'); };

/** ringbuf_process_ring(): delivers until the ring is empty, a callback stops it, or the budget is spent. */
function processRing(ring: Ring, budget: number): number {
  return drain(ring, budget, deliverRing);
}

/**
 * `for await (const data of ringBuffer(map))`: each record as its own copy, waiting on the
 * event loop when the ring is empty. Records are taken from the ring only as the loop asks
 * for them, so a slow loop leaves them in the kernel's ring (which then drops new ones, as
 * with libbpf). Breaking out of the loop closes the buffer.
 */
export function ringBuffer(map: unknown): AsyncIterableIterator<Uint8Array> {
  const queue: Uint8Array[] = [];
  const rb = new RingBuffer(map, (data) => { queue.push(data.slice()); });
  return iterate(rb, queue);
}

/** @internal The async iterator over an EventSource whose callbacks fill `queue`. */
export async function* iterate<T>(src: EventSource, queue: T[]): AsyncIterableIterator<T> {
  try {
    for (;;) {
      if (queue.length === 0) src.consume();
      while (queue.length === 0) await src.poll(-1);
      yield queue.shift() as T;
    }
  } finally {
    src.close();
  }
}
