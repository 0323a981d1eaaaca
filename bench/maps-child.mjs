// One side of bench/maps.mjs in its own process (so no side warms or deoptimises another):
//   node bench/maps-child.mjs IMPL OBJECT ITERATIONS   IMPL: floor | fast | napi | module | bpf
// fast/napi/module: libbpf-wasm's BpfMap with that element path (src/map-direct.ts);
// floor: the fast path's bare calls (the same syscalls through the same V8 fast call, keys
// and values written straight into the scratch area, no facade, no result allocated): the
// least any op through Node costs here, the bound the fast path can approach;
// bpf: the `bpf` npm package's RawMap on the same maps' fds. The keys, values and rounds
// are bench/native/map_ops.c's. Prints one JSON line: CPU ns per op (batch: per element),
// or {"unavailable": why}.
import { createRequire } from 'node:module';
import { BpfObject, possibleCpus, setLogger } from '../dist/index.js';
import { BATCH_OP, DIRECT_OP, directPath, setElementPath, elementPathStats } from '../dist/map-direct.js';

const [impl, object, iterArg] = process.argv.slice(2);
const n = Number(iterArg);
const KEYS = 16;
const DELETE_ROUND = 1024;
const cpuNs = () => { const u = process.cpuUsage(); return (u.user + u.system) * 1000; };
const u32 = (i) => new Uint8Array(new Uint32Array([i]).buffer);
const keys = Array.from({ length: KEYS }, (_, i) => u32(i));
const roundKeys = Array.from({ length: DELETE_ROUND }, (_, i) => u32(KEYS + i));
const joinedRoundKeys = new Uint8Array(DELETE_ROUND * 4);
roundKeys.forEach((k, i) => joinedRoundKeys.set(k, i * 4));
const joinedKeys = new Uint8Array(KEYS * 4);
keys.forEach((k, i) => joinedKeys.set(k, i * 4));

setLogger(() => {});
const obj = BpfObject.open(object);
obj.load();
const out = {};
try {
  const ops = impl === 'bpf' ? bpfPackageOps(obj) : impl === 'floor' ? floorOps(obj) : wasmOps(obj, impl);
  if (typeof ops === 'string') {
    out.unavailable = ops;
  } else {
    const pcpuBytes = 8 * possibleCpus();
    const value = new Uint8Array(8);
    const pvalue = new Uint8Array(pcpuBytes);
    const dv = new DataView(value.buffer);
    const pdv = new DataView(pvalue.buffer);
    for (const k of keys) { ops.update(k, value); ops.pcUpdate(k, pvalue); }
    const time = (fn) => { const t0 = cpuNs(); fn(); return cpuNs() - t0; };
    out.lookup = time(() => { for (let i = 0; i < n; i++) ops.lookup(keys[i & 15]); }) / n;
    out.update = time(() => {
      for (let i = 0; i < n; i++) { dv.setUint32(0, i, true); ops.update(keys[i & 15], value); }
    }) / n;
    let spent = 0;
    let rounds = 0;
    const roundValues = new Uint8Array(DELETE_ROUND * 8);
    for (; rounds * DELETE_ROUND < n; rounds++) {
      obj.map('hash').updateBatch(joinedRoundKeys, roundValues); // untimed, as native
      spent += time(() => { for (const k of roundKeys) if (!ops.delete(k)) throw new Error('delete'); });
    }
    out.delete = spent / (rounds * DELETE_ROUND);
    out.next_key = time(() => { for (let i = 0; i < n; i++) ops.nextKey(keys[i & 15]); }) / n;
    if (ops.pcLookup) {
      out.percpu_lookup = time(() => { for (let i = 0; i < n; i++) ops.pcLookup(keys[i & 15]); }) / n;
      out.percpu_update = time(() => {
        for (let i = 0; i < n; i++) { pdv.setUint32(0, i, true); ops.pcUpdate(keys[i & 15], pvalue); }
      }) / n;
    }
    const calls = Math.max(1, Math.floor(n / KEYS));
    out.lookup_batch = time(() => { for (let i = 0; i < calls; i++) if (ops.lookupBatch() !== KEYS) throw new Error('short batch'); }) / (calls * KEYS);
    const values = new Uint8Array(KEYS * 8);
    const vdv = new DataView(values.buffer);
    out.update_batch = time(() => {
      for (let i = 0; i < calls; i++) { vdv.setUint32(0, i, true); ops.updateBatch(values); }
    }) / (calls * KEYS);
    if (impl !== 'bpf' && impl !== 'floor') out.stats = elementPathStats();
  }
} catch (e) {
  out.unavailable = String(e?.message ?? e);
} finally {
  obj.close();
}
console.log(JSON.stringify(out));

function wasmOps(o, path) {
  try {
    setElementPath(path);
  } catch (e) {
    return e.message;
  }
  const hash = o.map('hash');
  const pc = o.map('percpu_hash');
  return {
    lookup: (k) => hash.lookup(k),
    update: (k, v) => hash.update(k, v),
    delete: (k) => hash.delete(k),
    nextKey: (k) => hash.nextKey(k),
    pcLookup: (k) => pc.lookup(k),
    pcUpdate: (k, v) => pc.update(k, v),
    lookupBatch: () => hash.lookupBatch({ count: KEYS }).count,
    updateBatch: (values) => hash.updateBatch(joinedKeys, values),
  };
}

// Bare fast calls (src/map-direct.ts's op codes and scratch layout), each checked for success.
function floorOps(o) {
  try {
    setElementPath('fast');
  } catch (e) {
    return e.message;
  }
  const d = directPath();
  const s = d.scratch;
  const put = (bytes, at) => { for (let i = 0; i < bytes.length; i++) s[at + i] = bytes[i]; };
  const hash = o.map('hash').fd;
  const pc = o.map('percpu_hash').fd;
  const pcBytes = 8 * possibleCpus();
  const ok = (r, what) => { if (r !== 0) throw new Error(`floor ${what}: ${r}`); };
  const KEYS_AT = 8 + 2 * 4; // count, in/out tokens (u32 buckets), then keys, then values
  return {
    lookup: (k) => { put(k, 0); ok(d.call(DIRECT_OP.lookup, hash, 4, 8, 0), 'lookup'); },
    update: (k, v) => { put(k, 0); put(v, 4); ok(d.call(DIRECT_OP.update, hash, 4, 8, 0), 'update'); },
    delete: (k) => { put(k, 0); return d.call(DIRECT_OP.delete, hash, 4, 0, 0) === 0; },
    nextKey: (k) => { // ENOENT after the last key, as lookup's undefined
      put(k, 0);
      const r = d.call(DIRECT_OP.nextKey, hash, 4, 4, 0);
      if (r !== 0 && r !== -2) throw new Error(`floor next key: ${r}`);
    },
    pcLookup: (k) => { put(k, 0); ok(d.call(DIRECT_OP.lookup, pc, 4, pcBytes, 0), 'per-CPU lookup'); },
    pcUpdate: (k, v) => { put(k, 0); put(v, 4); ok(d.call(DIRECT_OP.update, pc, 4, pcBytes, 0), 'per-CPU update'); },
    lookupBatch: () => {
      d.view.setUint32(0, KEYS, true);
      const r = d.call(BATCH_OP, hash, 4, 8, 0);
      if (r !== 0 && r !== -2) throw new Error(`floor lookup batch: ${r}`);
      return d.view.getUint32(0, true);
    },
    updateBatch: (values) => {
      d.view.setUint32(0, KEYS, true);
      s.set(joinedKeys, KEYS_AT);
      s.set(values, KEYS_AT + joinedKeys.length);
      ok(d.call(BATCH_OP + 2, hash, 4, 8, 0), 'update batch');
    },
  };
}

// The `bpf` npm package ("Bindings for eBPF (libbpf)"), on the same maps' fds.
function bpfPackageOps(o) {
  let bpf;
  try {
    bpf = createRequire(import.meta.url)('bpf');
  } catch (e) {
    return `the bpf npm package did not load: ${e.message}`;
  }
  const hash = new bpf.RawMap(bpf.createMapRef(o.map('hash').fd));
  const pairs = keys.map((k) => [Buffer.from(k), Buffer.alloc(8)]);
  const bufKeys = keys.map((k) => Buffer.from(k));
  const bufRound = roundKeys.map((k) => Buffer.from(k));
  const idx = new Map([...keys, ...roundKeys].map((k, i) => [k, i < KEYS ? bufKeys[i] : bufRound[i - KEYS]]));
  const b = (k) => idx.get(k);
  return {
    lookup: (k) => hash.get(b(k)),
    update: (k, v) => hash.set(b(k), v),
    delete: (k) => hash.delete(b(k)),
    nextKey: (k) => hash.getNextKey(b(k)),
    // RawMap sizes values by the map's value_size; a per-CPU map's lookup fills
    // round_up(value_size, 8) * CPUs bytes, past RawMap's buffer: no per-CPU rows.
    pcLookup: undefined,
    pcUpdate: () => {},
    lookupBatch: () => { const r = hash.getBatch(KEYS).next(); return r.value.length; },
    updateBatch: (values) => {
      pairs.forEach((p, i) => values.subarray(i * 8, i * 8 + 8).forEach((x, j) => { p[1][j] = x; }));
      hash.setBatch(pairs);
    },
  };
}
