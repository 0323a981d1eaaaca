// npm run bench: map operations per call, libbpf-wasm (facade -> module -> host addon ->
// bpf()) against the same libbpf 1.1.2 calls made natively in C, on the same map of the
// same object, each in a private bpffs. Also the memory the module instance takes.
import { execFileSync, spawnSync } from 'node:child_process';
import { nativeTool } from './native-tool.mjs';
import { fileURLToPath } from 'node:url';
import { BpfObject, setLogger } from '../dist/index.js';
import { mountPrivateBpffs } from '../dist/bpffs.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const object = `${root}tests/bpf/build/pin_by_name.bpf.o`;
const mapName = 'pinned_hash';
const iterations = Number(process.env.BENCH_ITERATIONS ?? 1_000_000);
const rounds = 5;

function native() {
  const fs = mountPrivateBpffs('libbpf-wasm-bench-');
  try {
    return JSON.parse(execFileSync(nativeTool('map_ops'), [object, fs.dir, mapName, String(iterations)], { encoding: 'utf8' }));
  } finally {
    fs.cleanup();
  }
}

function wasm() {
  setLogger(() => {});
  const fs = mountPrivateBpffs('libbpf-wasm-bench-');
  const obj = BpfObject.open(object, { pinRootPath: fs.dir });
  try {
    obj.load();
    const map = obj.map(mapName);
    const keys = Array.from({ length: 16 }, (_, i) => new Uint8Array(new Uint32Array([i]).buffer));
    const value = new Uint8Array(8);
    for (const k of keys) map.update(k, value);
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) map.lookup(keys[i & 15]);
    const lookupNs = Number(process.hrtime.bigint() - t0) / iterations;
    const dv = new DataView(value.buffer);
    t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) {
      dv.setUint32(0, i, true);
      map.update(keys[i & 15], value);
    }
    const updateNs = Number(process.hrtime.bigint() - t0) / iterations;
    // Batches move the whole 16-element map per call; figures are per element.
    const calls = Math.max(1, Math.floor(iterations / 16));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) if (map.lookupBatch({ count: 16 }).count !== 16) throw new Error('short batch');
    const lookupBatchNs = Number(process.hrtime.bigint() - t0) / (calls * 16);
    const allKeys = new Uint8Array(16 * 4);
    keys.forEach((k, i) => allKeys.set(k, i * 4));
    const allValues = new Uint8Array(16 * 8);
    const vdv = new DataView(allValues.buffer);
    t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) {
      vdv.setUint32(0, i, true);
      map.updateBatch(allKeys, allValues);
    }
    const updateBatchNs = Number(process.hrtime.bigint() - t0) / (calls * 16);
    obj.unpinMaps();
    return { lookup_ns: lookupNs, update_ns: updateNs, lookup_batch_ns: lookupBatchNs, update_batch_ns: updateBatchNs };
  } finally {
    obj.close();
    fs.cleanup();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const results = { native: [], wasm: [] };
for (let r = 0; r < rounds; r++) {
  results.native.push(native());
  results.wasm.push(wasm());
}
const rssBefore = process.memoryUsage().rss;
const held = Array.from({ length: 10 }, () => BpfObject.open(object));
const perObjectMiB = (process.memoryUsage().rss - rssBefore) / 10 / 2 ** 20;
for (const o of held) o.close();

console.log(`map operations on '${mapName}' (hash, u32 -> u64), ${iterations} calls each, median of ${rounds} rounds`);
console.log('operation (batch: per element)  native libbpf   libbpf-wasm   ratio');
for (const op of ['lookup', 'update', 'lookup_batch', 'update_batch']) {
  const n = median(results.native.map((x) => x[`${op}_ns`]));
  const w = median(results.wasm.map((x) => x[`${op}_ns`]));
  console.log(`${op.padEnd(28)}  ${n.toFixed(0).padStart(10)} ns  ${w.toFixed(0).padStart(9)} ns   ${(w / n).toFixed(2)}x`);
}
console.log(`memory: ${perObjectMiB.toFixed(1)} MiB of resident memory per opened BpfObject (own module instance)`);

// Events (ring and perf buffers) against native libbpf: its own process, pinned to one CPU.
spawnSync(process.execPath, [fileURLToPath(new URL('./events.mjs', import.meta.url))], { stdio: 'inherit' });

// Object lifecycle (open+load+close, live objects) against native libbpf.
spawnSync(process.execPath, [fileURLToPath(new URL('./lifecycle.mjs', import.meta.url))], { stdio: 'inherit' });

// Cold start (import -> first open) on Node 20 and, when installed, the other supported lines.
spawnSync(process.execPath, [fileURLToPath(new URL('./cold-start.mjs', import.meta.url)), '--lines'], { stdio: 'inherit' });
