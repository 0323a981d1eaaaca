// A batch of records the addon copied out of a ring (ringbuf_fill / perf_buffer_fill),
// delivered one by one: records not delivered yet (a callback stopped consumption or
// threw) stay here and go first next time, so nothing is lost or delivered twice.
const INITIAL_BYTES = 64 * 1024;

export class Batch {
  buf: ArrayBuffer;
  u8: Uint8Array;
  u32: Uint32Array;
  /** Bytes of valid entries, and the offset of the next entry to deliver. */
  len = 0;
  pos = 0;

  constructor(bytes = INITIAL_BYTES) {
    this.buf = new ArrayBuffer(bytes);
    this.u8 = new Uint8Array(this.buf);
    this.u32 = new Uint32Array(this.buf);
  }

  get empty(): boolean { return this.pos >= this.len; }

  /**
   * Refills from `fill` (which returns bytes used, or -(bytes needed) when even the first
   * record does not fit, or -errno when the reader is gone). Returns false when the ring
   * had nothing to give; throws via `fail` on an errno.
   */
  refill(fill: (out: ArrayBuffer) => number, fail: (negErrno: number) => never): boolean {
    for (;;) {
      const r = fill(this.buf);
      if (r >= 0) {
        this.len = r;
        this.pos = 0;
        return r > 0;
      }
      if (-r <= this.buf.byteLength) fail(r);
      this.#grow(-r);
    }
  }

  #grow(atLeast: number): void {
    let n = this.buf.byteLength;
    while (n < atLeast) n *= 2;
    this.buf = new ArrayBuffer(n);
    this.u8 = new Uint8Array(this.buf);
    this.u32 = new Uint32Array(this.buf);
    this.len = this.pos = 0;
  }
}
