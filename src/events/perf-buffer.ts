// PerfBuffer: libbpf's struct perf_buffer (perf_buffer__new/__poll/__consume/__free) for
// BPF_MAP_TYPE_PERF_EVENT_ARRAY maps: one perf ring per online CPU, opened and mapped by
// the addon (host/src/perf_buffer.cc), with perf_buffer__process_record()'s rules:
// PERF_RECORD_SAMPLE -> onSample(cpu, data), PERF_RECORD_LOST -> onLost(cpu, count), any
// other record type stops consumption with libbpf's LIBBPF_PERF_EVENT_ERROR (-1).
import { MapType } from '../bpf-enums.js';
import { Batch } from './batch.js';
import { deliverPerf, drain, TAG_LOST, type PerfSource } from './delivery.js';
import { eventError, eventMapFd } from './event-map.js';
import { eventsAddon, type Handle } from './events-addon.js';
import { EventSource } from './event-source.js';
import { iterate } from './ring-buffer.js';

const CPU_MASK = TAG_LOST - 1;
const ignoreSample = (): void => {};
const fail = (r: number): never => { throw eventError('perf_buffer__consume', r, 'reading the rings'); };

/** Options of a PerfBuffer: ring size and the callbacks. */
export interface PerfBufferOptions {
  /** Data pages per CPU ring: a power of two (libbpf's page_cnt). Default 8. */
  pageCount?: number;
  /**
   * A sample's raw data (as the kernel padded it), valid only during the call (it views a
   * batch buffer the next records overwrite: copy it to keep it).
   */
  onSample?: (cpu: number, data: Uint8Array) => void;
  /** Records the kernel could not write to that CPU's ring (it was full). */
  onLost?: (cpu: number, count: number) => void;
}

/**
 * libbpf's perf_buffer over a BPF_MAP_TYPE_PERF_EVENT_ARRAY map: one ring per CPU, samples and
 * lost counts delivered by consume, poll or start.
 */
export class PerfBuffer extends EventSource {
  protected readonly kind = 'perf_buffer';
  #handle: Handle;
  #fds: number[];
  #cpus: number[];
  #src: PerfSource;

  /**
   * perf_buffer__new(map_fd, page_cnt, sample_cb, lost_cb): `map` is a BpfMap of a loaded
   * object, a MapHandle, or any { fd, type, maxEntries } of a perf event array. Every
   * online CPU's slot in the map is set to this buffer's perf event (and cleared by close()).
   */
  constructor(map: unknown, options: PerfBufferOptions = {}) {
    super();
    const op = 'perf_buffer__new';
    if (typeof options !== 'object' || options === null) throw new TypeError(`${op}: options must be an object`);
    const { pageCount = 8, onSample, onLost } = options;
    if (typeof pageCount !== 'number' || !Number.isInteger(pageCount)) {
      throw new TypeError(`${op}: pageCount must be an integer`);
    }
    if (pageCount <= 0 || (pageCount & (pageCount - 1)) !== 0 || pageCount > 1 << 20) {
      throw eventError(op, -22, `page count should be power of two, but is ${pageCount}`);
    }
    if (onSample !== undefined && typeof onSample !== 'function') throw new TypeError(`${op}: onSample must be a function`);
    if (onLost !== undefined && typeof onLost !== 'function') throw new TypeError(`${op}: onLost must be a function`);
    const fd = eventMapFd(op, map, MapType.PERF_EVENT_ARRAY);
    const addon = eventsAddon();
    const h = addon.perfBufferOpen(fd, pageCount);
    if (typeof h === 'number') throw eventError(op, h, `map fd=${fd}`);
    this.#handle = h;
    const cpus = addon.perfBufferCpus(h);
    this.#fds = cpus.map((c) => c.fd);
    this.#cpus = cpus.map((c) => c.cpu);
    const batch = new Batch(undefined, true);
    this.#src = {
      batch,
      fill: (out, meta, fresh) => addon.perfBufferFill(h, out, meta, fresh),
      commit: (delivered) => { addon.perfBufferCommit(h, delivered); },
      fail,
      closed: false,
      onSample: onSample ?? ignoreSample,
      // A lost record: its count to onLost; one of an unknown type (its data is the type): stop.
      other: (tag, data) => {
        const u32 = batch.u32, i = data.byteOffset >>> 2;
        if (tag < 0) {
          process.emitWarning(`libbpf: unknown perf sample type ${u32[i]}`);
          return false;
        }
        onLost?.(tag & CPU_MASK, u32[i] + u32[i + 1] * 2 ** 32);
        return true;
      },
    };
  }

  /** The CPUs with a ring (libbpf's perf_buffer__buffer_cnt and __buffer_fd). */
  get cpus(): readonly number[] { return this.#cpus; }

  protected watchedFds(): number[] { return this.#fds; }

  #more = false;
  protected hasPending(): boolean { return this.#more; }

  /**
   * Every ring, in CPU order. Returns the records delivered (samples and lost records;
   * libbpf's perf_buffer__consume returns 0 on success), or -1 for an unknown record type.
   */
  protected consumeAll(budget: number): number {
    const n = drain(this.#src, budget, deliverPerf);
    this.#more = n >= budget;
    return n;
  }

  protected release(): void {
    this.#src.closed = true;
    eventsAddon().perfBufferClose(this.#handle);
  }
}

/** A perf buffer's event: a sample (copied) or a lost count. */
export type PerfEvent = { cpu: number; data: Uint8Array; lost?: undefined } | { cpu: number; lost: number; data?: undefined };

/**
 * `for await (const ev of perfBuffer(map, { pageCount }))`: samples (copied) and lost
 * counts as they arrive, waiting on the event loop. Breaking out closes the buffer.
 */
export function perfBuffer(map: unknown, options: { pageCount?: number } = {}): AsyncIterableIterator<PerfEvent> {
  const queue: PerfEvent[] = [];
  const pb = new PerfBuffer(map, {
    pageCount: options.pageCount,
    onSample: (cpu, data) => { queue.push({ cpu, data: data.slice() }); },
    onLost: (cpu, lost) => { queue.push({ cpu, lost }); },
  });
  return iterate(pb, queue);
}
