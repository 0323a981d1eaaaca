// The floor of the events benchmark: what the JS engine alone costs to hand records to
// the benchmark's callback, with the product's own delivery loops (dist/events/delivery.js:
// drain + deliverRing / deliverPerf, Batch) on batches that are already there. The fill
// is a stand-in that copies nothing and says "same layout as the last batch" (what the
// addon says for a stream of one record size), and the commit does nothing: no kernel, no
// copy, no crossing into C++. No consumer built on these loops can go faster, whatever the
// addon does; floor rate / native rate is the best ratio to native they allow.
//
// Usage: node bench/events-floor.mjs <records of 16 B> <rounds>: prints one JSON line
// { node, rows: [{ kind, size, events, ns }] }, ns the median of `rounds` rounds in process
// CPU time. Needs only dist/ (no addon), so bench/events.mjs runs it on every Node line.
import { Batch } from '../dist/events/batch.js';
import { drain, deliverRing, deliverPerf } from '../dist/events/delivery.js';
import { benchCallbacks } from './events-callbacks.mjs';

const BATCH_BYTES = 64 * 1024; // the ring buffer's batch (src/events/ring-buffer.ts); perf's default too
const META_HEADER = 4;

/** A source whose fill lays out `total` records of `size` bytes, a batch at a time, copying nothing. */
function preparedSource(kind, size, total, callbacks) {
  const batch = new Batch(BATCH_BYTES, kind === 'perf');
  const perBatch = Math.min(BATCH_BYTES / ((size + 7) & ~7), BATCH_BYTES >>> 3);
  let left = 0;
  let meta;
  const fill = (out, metaBuffer, fresh) => {
    if (left === 0) return 0;
    const n = Math.min(perBatch, left);
    if (meta?.buffer !== metaBuffer) meta = new Int32Array(metaBuffer);
    if (fresh) meta.fill(size, META_HEADER, META_HEADER + perBatch); // lengths; perf tags stay 0 (CPU 0)
    meta[0] = n;
    meta[1] = fresh ? 0 : n; // the views of the last batch fit this one
    meta[2] = 0;
    left -= n;
    return n;
  };
  const src = {
    batch,
    fill,
    commit: () => {},
    fail: (r) => { throw new Error(`floor: fill ${r}`); },
    closed: false,
    cb: callbacks.onRecord,
    onSample: callbacks.onSample,
    other: () => true,
  };
  return { src, reset() { left = total; } };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cpuNs = () => { const u = process.cpuUsage(); return (u.user + u.system) * 1000; };

const events = Number(process.argv[2] ?? 1 << 20);
const rounds = Number(process.argv[3] ?? 7);
const rows = [];
for (const kind of ['ring', 'perf']) {
  for (const size of [16, 256]) {
    const total = size > 64 ? events >> 2 : events; // as bench/events.mjs
    const callbacks = benchCallbacks();
    const { src, reset } = preparedSource(kind, size, total, callbacks);
    const deliver = kind === 'ring' ? deliverRing : deliverPerf;
    const ns = [];
    for (let r = 0; r <= rounds; r++) { // round 0 untimed, as the measured side's
      reset();
      callbacks.state.seen = 0;
      const t0 = cpuNs();
      const n = drain(src, Infinity, deliver);
      const t = cpuNs() - t0;
      if (n !== total || callbacks.state.seen !== total) throw new Error(`floor ${kind} ${size}: ${n} of ${total}`);
      if (r > 0) ns.push(t);
    }
    rows.push({ kind, size, events: total, ns: median(ns) });
  }
}
console.log(JSON.stringify({ node: process.version, rows }));
