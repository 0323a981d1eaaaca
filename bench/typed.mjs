// npm run bench:typed: typed map access (map.get/set through BTF codecs) against the raw
// lookup/update of the same map, same keys, same values. Interleaved in short batches
// (alternating which goes first), CPU time (process.cpuUsage); the ratio is the median of
// the per-round ratios, so that load from elsewhere on the machine hits both sides alike.
// Target (issue #14): typed at most 1.3x raw. Run pinned to one CPU for stable figures:
//   taskset -c 0 node bench/typed.mjs
import { fileURLToPath } from 'node:url';
import { BpfObject } from '../dist/index.js';
import { mountPrivateBpffs } from '../dist/bpffs.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const object = `${root}tests/bpf/build/typed_values.bpf.o`;
const batch = Number(process.env.BENCH_BATCH ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 41);

const counters = (p, b) => ({ packets: BigInt(p), bytes: BigInt(b) });
const cases = {
  /** u32 -> struct ints (11 members of every width) */
  ints_map: {
    key: (i) => i,
    value: (i) => ({ u8: i & 255, s8: -1, u16: 2, s16: -2, u32: i, s32: -i, u64: BigInt(i), s64: -5n, flag: true, c: 65, color: 'GREEN' }),
  },
  /** struct endpoint -> struct flow (nested structs, an array of 4 structs, a 2x3 matrix: 104 bytes) */
  flows: {
    key: (i) => ({ addr: i, port: 80 }),
    value: (i) => ({
      src: { addr: i, port: 80 }, dst: { addr: 1, port: 443 },
      stats: [counters(i, 1), counters(2, 3), counters(4, 5), counters(6, 7)], matrix: [[1, 2, 3], [4, 5, i]],
    }),
  },
};

function cpuNs(fn) {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return ((d.user + d.system) * 1000) / batch;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fs = mountPrivateBpffs('libbpf-wasm-bench-');
const obj = BpfObject.open(object, { logger: () => {} });
try {
  obj.load();
  console.log(`typed vs raw map operations, ${batch} calls per batch, CPU time, median of ${rounds} interleaved rounds`);
  console.log('map          op       raw        typed      ratio');
  for (const [name, c] of Object.entries(cases)) {
    const map = obj.map(name);
    const keys = Array.from({ length: 8 }, (_, i) => c.key(i));
    const values = keys.map((_, i) => c.value(i));
    for (let i = 0; i < 8; i++) map.set(keys[i], values[i]);
    // Raw operations on the very bytes the typed ones exchange (the same 8 entries).
    const keyBytes = [...map.keys()];
    const valueBytes = keyBytes.map((k) => map.lookup(k));
    const runs = {
      lookup: {
        raw: () => { for (let i = 0; i < batch; i++) map.lookup(keyBytes[i & 7]); },
        typed: () => { for (let i = 0; i < batch; i++) map.get(keys[i & 7]); },
      },
      update: {
        raw: () => { for (let i = 0; i < batch; i++) map.update(keyBytes[i & 7], valueBytes[i & 7]); },
        typed: () => { for (let i = 0; i < batch; i++) map.set(keys[i & 7], values[i & 7]); },
      },
    };
    for (const [op, fns] of Object.entries(runs)) {
      fns.raw(); fns.typed(); // warm up (JIT, codecs built)
      const raw = [];
      const typed = [];
      for (let r = 0; r < rounds; r++) {
        if (r % 2) {
          typed.push(cpuNs(fns.typed));
          raw.push(cpuNs(fns.raw));
        } else {
          raw.push(cpuNs(fns.raw));
          typed.push(cpuNs(fns.typed));
        }
      }
      const ratio = median(typed.map((t, r) => t / raw[r]));
      console.log(`${name.padEnd(11)}  ${op.padEnd(7)} ${median(raw).toFixed(0).padStart(6)} ns  ` +
        `${median(typed).toFixed(0).padStart(6)} ns   ${ratio.toFixed(2)}x`);
    }
  }
} finally {
  obj.close();
  fs.cleanup();
}
