// A batch of records the addon copied out of a ring (ringbufFill / perfBufferFill) without
// releasing their space: the facade hands them to callbacks one by one, then tells the
// addon how many it delivered (ringbufCommit / perfBufferCommit), and the batch is spent.
// Records not delivered (a callback stopped consumption or threw) stay in the kernel's
// ring and are copied again by the next fill: nothing is lost or delivered twice, whatever
// happens to this buffer.
//
// Layout (host/src/event_batch.h): `buf` holds the records' bytes back to back, each padded
// to 8; `meta` (never exposed, so never detached) says how many entries there are, each
// one's length (and for perf a tag: the CPU and what kind of record), and how many leading
// entries are laid out as in the previous fill into this buffer.
//
// Why views are made once per layout: the callback's `data` is valid only during the call,
// and building a Uint8Array per record cost more than everything else on the path, and,
// made inside the loop that calls the user's callback, it kept V8 from inlining the
// callback. A stream's batches mostly repeat one layout (records of one size), so the view
// of entry j is kept until a fill lays entry j out differently; the delivery loops then do
// nothing per record but index `views` and call the callback.
const INITIAL_BYTES = 64 * 1024;
const META_HEADER = 4;

/** The addon's fill: (records, meta, fresh) -> entries, -(bytes needed), or -errno. */
export type Fill = (out: ArrayBuffer, meta: ArrayBuffer, fresh: boolean) => number;

export class Batch {
  buf!: ArrayBuffer;
  /** The buffer's words: a lost count or record type is read from here. */
  u32!: Uint32Array;
  /** Entry j's data view, for j < count; valid while the buffer is not detached. */
  views: Uint8Array[] = [];
  /** Entry j's tag (perf: the CPU, flags for a lost or unknown record). */
  tags!: Int32Array;
  /** Entries of the current fill (0: spent). */
  count = 0;
  #meta!: Int32Array;
  #lens!: Int32Array;
  #tagged: boolean;
  /** The views are of an earlier buffer (or none yet): the next fill must not count on them. */
  #fresh = true;

  constructor(bytes = INITIAL_BYTES, tagged = false) {
    this.#tagged = tagged;
    this.#allocate(bytes);
  }

  /** Whether a callback detached the buffer (data.buffer.transfer(), postMessage). */
  get detached(): boolean { return this.buf.byteLength === 0; }

  /** What a delivery throws once a callback detached the buffer. */
  detachedError(op: string): TypeError {
    return new TypeError(`${op}: a callback detached data.buffer (the batch the records are delivered from); ` +
      'the records after it stay in the ring for the next call. Copy a record (data.slice()) to keep or transfer it');
  }

  /**
   * Fills from `fill`. Returns false when the ring had nothing to give; throws via `fail`
   * on an errno. Views of entries laid out as in the last fill are kept; the others made.
   */
  refill(fill: Fill, fail: (negErrno: number) => never): boolean {
    this.count = 0;
    // A callback detached our buffer: start afresh (its views are gone).
    if (this.detached) this.#allocate(this.#lens.length * 8 || INITIAL_BYTES);
    for (;;) {
      const r = fill(this.buf, this.#meta.buffer as ArrayBuffer, this.#fresh);
      if (r >= 0) {
        this.#prepare(r);
        return r > 0;
      }
      if (-r <= this.buf.byteLength) fail(r);
      let n = this.buf.byteLength;
      while (n < -r) n *= 2;
      this.#allocate(n);
    }
  }

  /** Views for the entries the fill laid out differently from the last one. */
  #prepare(count: number): void {
    const meta = this.#meta, lens = this.#lens, views = this.views, buf = this.buf;
    let at = meta[2];
    for (let j = meta[1]; j < count; j++) {
      const n = lens[j];
      views[j] = new Uint8Array(buf, at, n);
      at += (n + 7) & ~7;
    }
    this.count = count;
    this.#fresh = false;
  }

  #allocate(bytes: number): void {
    // One entry per 8 bytes: every record of at least a byte takes that much room.
    const entries = bytes >>> 3;
    this.buf = new ArrayBuffer(bytes);
    this.u32 = new Uint32Array(this.buf);
    this.#meta = new Int32Array(META_HEADER + entries * (this.#tagged ? 2 : 1));
    this.#lens = this.#meta.subarray(META_HEADER, META_HEADER + entries);
    this.tags = this.#meta.subarray(META_HEADER + entries);
    this.views = [];
    this.count = 0;
    this.#fresh = true;
  }
}
