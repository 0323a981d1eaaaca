// A batch of records the addon copied out of a ring (ringbuf_fill / perf_buffer_fill)
// without releasing their space: the facade delivers them one by one, then tells the
// addon where the last record delivered ends (ringbufCommit / perfBufferCommit), and the
// batch is spent. Records not delivered (a callback stopped consumption or threw) stay in
// the kernel's ring and are copied again by the next call: nothing is lost or delivered
// twice, whatever happens to this buffer.
//
// Why views are reused: the callback's `data` is valid only during the call, and building a
// Uint8Array per record cost more than everything else on the path (~40 ns against ~5 ns
// for the rest). A stream's batches mostly repeat one layout (fixed-size records), so the
// view made for the j-th record of a batch is kept and handed out again when a later
// batch's j-th record has the same offset and length.
const INITIAL_BYTES = 64 * 1024;

export class Batch {
  buf: ArrayBuffer;
  u8: Uint8Array;
  u32: Uint32Array;
  /** Bytes of valid entries, and the offset of the next entry to deliver (pos >= len: spent). */
  len = 0;
  pos = 0;
  /** The index of the entry at `pos`. */
  index = 0;
  #views: Uint8Array[] = [];
  /** offset * 2^32 + length of #views[j]: exact while offsets stay below 2^21 (see view()). */
  #keys: Float64Array;

  constructor(bytes = INITIAL_BYTES) {
    this.buf = new ArrayBuffer(bytes);
    this.u8 = new Uint8Array(this.buf);
    this.u32 = new Uint32Array(this.buf);
    this.#keys = new Float64Array(bytes >>> 3);
  }

  /** Every entry delivered. */
  get delivered(): boolean { return this.pos >= this.len; }

  /** Drops what is left: those records are still in the kernel's ring. */
  spend(): void {
    this.len = this.pos = this.index = 0;
  }

  /**
   * A view of `n` bytes at `at`, the batch's `j`-th entry: the one handed out for an entry
   * with the same index, offset and length earlier, or a new one. Beyond 2 MiB (only a
   * batch grown for one huge record) views are not kept: the key would not be exact.
   */
  view(j: number, at: number, n: number): Uint8Array {
    const key = at * 4294967296 + n;
    const views = this.#views;
    if (j < views.length && this.#keys[j] === key) return views[j];
    const v = new Uint8Array(this.buf, at, n);
    if (at >= 1 << 21) return v;
    if (j < views.length) views[j] = v;
    else if (j === views.length) views.push(v);
    else return v;
    this.#keys[j] = key;
    return v;
  }

  /**
   * Fills from `fill` (which returns bytes used, or -(bytes needed) when even the first
   * record does not fit, or -errno when the reader is gone). Returns false when the ring
   * had nothing to give; throws via `fail` on an errno.
   */
  refill(fill: (out: ArrayBuffer) => number, fail: (negErrno: number) => never): boolean {
    // A callback can detach our buffer (data.buffer.transfer(), postMessage): start afresh.
    if (this.buf.byteLength === 0) this.#allocate(this.#keys.length * 8 || INITIAL_BYTES);
    for (;;) {
      const r = fill(this.buf);
      if (r >= 0) {
        this.len = r;
        this.pos = this.index = 0;
        return r > 0;
      }
      if (-r <= this.buf.byteLength) fail(r);
      let n = this.buf.byteLength;
      while (n < -r) n *= 2;
      this.#allocate(n);
    }
  }

  #allocate(bytes: number): void {
    this.buf = new ArrayBuffer(bytes);
    this.u8 = new Uint8Array(this.buf);
    this.u32 = new Uint32Array(this.buf);
    this.#views = [];
    this.#keys = new Float64Array(bytes >>> 3);
    this.len = this.pos = this.index = 0;
  }
}
