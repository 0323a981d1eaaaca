// UserRingBuffer: libbpf 1.1.2's struct user_ring_buffer (user_ring_buffer__new/
// __reserve/__submit/__discard/__free) for BPF_MAP_TYPE_USER_RINGBUF maps, which a BPF
// program drains with bpf_user_ringbuf_drain(). The ring is written by the addon
// (host/src/user_ringbuf.cc): a sample's bytes are written into a JS-owned Uint8Array and
// copied into the ring at submit(), so no JS view ever outlives the mapping.
import { MapType } from '../bpf-enums.js';
import { closedError } from '../errors.js';
import { eventError, eventMapFd } from './event-map.js';
import { eventsAddon, type Handle } from './events-addon.js';

/** A reserved sample: fill `data`, then submit() or discard() it, once. */
export interface UserRingBufferSample {
  readonly data: Uint8Array;
}

const offsets = new WeakMap<UserRingBufferSample, number>();

/**
 * libbpf's user_ring_buffer over a BPF_MAP_TYPE_USER_RINGBUF map: samples written here, drained by
 * the program (bpf_user_ringbuf_drain).
 */
export class UserRingBuffer {
  #handle: Handle | undefined;

  /** user_ring_buffer__new on a loaded map (a BpfMap or MapHandle). */
  constructor(map: unknown) {
    const op = 'user_ring_buffer__new';
    const fd = eventMapFd(op, map, MapType.USER_RINGBUF);
    const h = eventsAddon().userRingbufOpen(fd);
    if (typeof h === 'number') throw eventError(op, h, `map fd=${fd}`);
    this.#handle = h;
  }

  /**
   * user_ring_buffer__reserve: room for `size` bytes. Throws LibbpfError ENOSPC when the
   * ring has not enough free space now (a program must drain it first), E2BIG when the
   * sample can never fit. Samples must be submitted or discarded in any order, each once;
   * the kernel stops draining at the first one still pending.
   */
  reserve(size: number): UserRingBufferSample {
    const op = 'user_ring_buffer__reserve';
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw new TypeError(`${op}: size must be a non-negative integer`);
    }
    const off = eventsAddon().userRingbufReserve(this.#open(op), size);
    if (off < 0) throw eventError(op, off, `${size} bytes`);
    const sample: UserRingBufferSample = Object.freeze({ data: new Uint8Array(size) });
    offsets.set(sample, off);
    return sample;
  }

  /** user_ring_buffer__submit: the sample's bytes become visible to the draining program. */
  submit(sample: UserRingBufferSample): void {
    this.#commit('user_ring_buffer__submit', sample, false);
  }

  /** user_ring_buffer__discard: the program skips the sample. */
  discard(sample: UserRingBufferSample): void {
    this.#commit('user_ring_buffer__discard', sample, true);
  }

  /** user_ring_buffer__free: releases the ring (once; later calls do nothing). */
  close(): void {
    if (this.#handle) eventsAddon().userRingbufClose(this.#handle);
    this.#handle = undefined;
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #commit(op: string, sample: UserRingBufferSample, discard: boolean): void {
    const h = this.#open(op);
    const off = offsets.get(sample);
    if (off === undefined) throw new TypeError(`${op}: not a sample from reserve(), or already committed`);
    const r = eventsAddon().userRingbufCommit(h, off, discard ? null : sample.data, discard);
    if (r < 0) throw eventError(op, r, 'the sample');
    offsets.delete(sample);
  }

  #open(op: string): Handle {
    if (!this.#handle) throw closedError(op, 'this user_ring_buffer');
    return this.#handle;
  }
}
