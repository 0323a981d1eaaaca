// What ring and perf buffers share: libbpf's consume() made by the subclass, and the
// ways of waiting for events without blocking Node's thread: poll() (a promise that waits
// on the event loop), start()/stop() (delivery as records arrive), all through uv_poll
// watches on the buffers' fds (the addon's watchFd), never epoll_wait.
import { EventEmitter } from 'node:events';
import { closedError } from '../errors.js';
import { eventsAddon, type Handle } from './events-addon.js';
import { eventError } from './event-map.js';

const INT_MAX = 0x7fffffff;
const START_PASS_RECORDS = 4096;

export abstract class EventSource extends EventEmitter {
  #closed = false;
  #watches: Handle[] = [];
  #mode: 'idle' | 'poll' | 'started' = 'idle';
  #pollDone: ((e?: unknown) => void) | undefined;
  #consuming = false;

  /** @internal libbpf's name for this kind of buffer (ring_buffer, perf_buffer). */
  protected abstract readonly kind: string;
  /** @internal The fds to watch for readability. */
  protected abstract watchedFds(): number[];
  /**
   * @internal Delivers what is available, or at most about `budget` records; the count, or
   * a negative callback result.
   */
  protected abstract consumeAll(budget: number): number;
  /**
   * @internal The last consumeAll() stopped at its budget: records may be waiting that no
   * fd shows (a perf event's poll reports new wakeups only).
   */
  protected abstract hasPending(): boolean;
  /** @internal Releases the readers. */
  protected abstract release(): void;

  /** Whether close() ran: every call then throws EBADF. */
  get closed(): boolean { return this.#closed; }

  /** @internal Throws EBADF once closed. */
  protected checkOpen(op: string): void {
    if (this.#closed) throw closedError(op, `this ${this.kind}`);
  }

  /**
   * Consumes every available record now, without waiting (ring_buffer__consume). Returns
   * the number of records consumed, or the negative number a callback returned (which
   * stopped consumption). A callback's exception propagates to the caller; the record it
   * was given counts as consumed, the records after it stay for the next call.
   */
  consume(): number {
    const n = this.#consume(`${this.kind}__consume`, Infinity);
    return n > INT_MAX ? INT_MAX : n;
  }

  /**
   * consumeAll, once at a time: a callback that consumes its own buffer would make the
   * addon copy a new batch over the one being delivered, so that is refused (EBUSY).
   */
  #consume(op: string, budget: number): number {
    this.checkOpen(op);
    if (this.#consuming) throw eventError(op, -16, 'called from one of this buffer\'s own callbacks');
    this.#consuming = true;
    try {
      return this.consumeAll(budget);
    } finally {
      this.#consuming = false;
    }
  }

  /**
   * ring_buffer__poll on the event loop: consumes what is available; if nothing was and
   * timeoutMs is not 0, waits (without blocking the thread) until a buffer is readable or
   * the timeout passes (negative: no timeout), then consumes. Resolves to the count (0 on
   * timeout) or a callback's negative result; rejects with a callback's exception.
   * Why a promise: a Node user expects waiting never to block the event loop, and libbpf's
   * epoll_wait in the main thread would.
   */
  poll(timeoutMs: number = -1): Promise<number> {
    const op = `${this.kind}__poll`;
    if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs)) {
      return Promise.reject(new TypeError(`${op}: timeoutMs must be an integer (ms; negative: no timeout)`));
    }
    try {
      this.checkOpen(op);
      if (this.#mode !== 'idle') throw eventError(op, -16, `already ${this.#mode === 'poll' ? 'polling' : 'started'}`);
      const n = this.consume();
      if (n !== 0 || timeoutMs === 0) return Promise.resolve(n);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<number>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (e?: unknown, n = 0) => {
        if (timer) clearTimeout(timer);
        this.#unwatchAll();
        this.#mode = 'idle';
        this.#pollDone = undefined;
        if (e !== undefined) reject(e); else resolve(n);
      };
      this.#pollDone = finish;
      this.#mode = 'poll';
      if (timeoutMs > 0) timer = setTimeout(() => finish(), timeoutMs);
      this.#watchAll((status) => {
        if (status < 0) return finish(eventError(op, status, 'watching the buffer failed'));
        let n: number;
        try {
          n = this.consume();
        } catch (e) {
          return finish(e);
        }
        finish(undefined, n);
      });
    });
  }

  /**
   * Delivers records on the event loop as they arrive, until stop() or close(). A callback
   * that throws, or returns a negative number, stops delivery and emits 'error' (the
   * exception, or a LibbpfError with that errno); without an 'error' listener that is an
   * uncaught exception, as for any EventEmitter.
   */
  start(): this {
    // One pass delivers at most this many records, then yields to the loop (uv_poll is
    // level-triggered, so it comes back at once): a producer faster than the callbacks
    // cannot hold the thread, as libbpf's consume loop would.
    const op = `${this.kind}__start`;
    this.checkOpen(op);
    if (this.#mode !== 'idle') throw eventError(op, -16, `already ${this.#mode === 'poll' ? 'polling' : 'started'}`);
    this.#mode = 'started';
    let scheduled = false;
    const deliver = (status: number) => {
      if (this.#mode !== 'started') return;
      let err: unknown;
      try {
        if (status < 0) err = eventError(op, status, 'watching the buffer failed');
        else {
          const r = this.#consume(op, START_PASS_RECORDS);
          if (r < 0) err = eventError(`${this.kind}__consume`, r, 'a callback returned a negative value');
        }
      } catch (e) {
        err = e;
      }
      if (err !== undefined) {
        this.stop();
        this.emit('error', err);
      } else if (this.hasPending()) {
        later();
      }
    };
    // Records left by a pass that hit its budget may make no fd readable: go on soon.
    const later = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => { scheduled = false; deliver(0); });
    };
    this.#watchAll(deliver);
    later();
    return this;
  }

  /** Stops delivering on the event loop (start() resumes); records not yet delivered stay in the buffer. */
  stop(): this {
    if (this.#mode === 'started') {
      this.#unwatchAll();
      this.#mode = 'idle';
    }
    return this;
  }

  /** Stops, releases the buffers; a pending poll() rejects with EBADF. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.stop();
    this.#pollDone?.(closedError(`${this.kind}__poll`, `this ${this.kind}`));
    this.#closed = true;
    this.release();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #watchAll(cb: (status: number) => void): void {
    const addon = eventsAddon();
    for (const fd of this.watchedFds()) this.#watches.push(addon.watchFd(fd, cb));
  }

  #unwatchAll(): void {
    const addon = eventsAddon();
    for (const w of this.#watches) addon.unwatch(w);
    this.#watches = [];
  }
}

