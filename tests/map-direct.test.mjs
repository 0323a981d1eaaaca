// The direct element path (src/map-direct.ts, host/src/map_direct.h) against the module
// path: the same script of element ops on fresh maps of every common type, including
// the failure modes (wrong sizes, flags the kernel refuses, a full map, keyless maps, a
// closed handle, a number reused behind the library's back), gives the same transcript
// (values, errnos, messages, libbpf's log) on 'module', 'napi' and 'fast'. Counters prove
// which path ran: the addon's direct calls, and V8 fast calls once the caller is optimised.
// On a V8 whose fast-API layout host/fast/v8_fast_api_layout.h declares, the fast path
// must be available (built by scripts/setup.sh / scripts/build-fast-addon.sh).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfObject, MapHandle, UpdateFlags, setLogger } from '../dist/index.js';
import { setElementPath, elementPathStats } from '../dist/map-direct.js';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { otherHost, reuseAsBigMap } from './helpers/fd-reuse.mjs';
import { repoRoot, testObject, u32, u64 } from './helpers/objects.mjs';

const test = suite('map direct path');
const warnings = [];
setLogger((level, msg) => { if (level === 'warn') warnings.push(msg.trimEnd()); });

/** V8 major.minor pairs the fast-API layout header declares (stated there once). */
const verifiedV8 = [...readFileSync(`${repoRoot}host/fast/v8_fast_api_layout.h`, 'utf8')
  .matchAll(/V8_MAJOR_VERSION == (\d+) && V8_MINOR_VERSION == (\d+)/g)].map((m) => `${m[1]}.${m[2]}`);
const runningV8 = process.versions.v8.split('.').slice(0, 2).join('.');
const fastExpected = verifiedV8.includes(runningV8);

const hex = (b) => Buffer.from(b).toString('hex');

/** What one call did: its value, or the error as a user sees it. */
function outcome(fn) {
  warnings.length = 0;
  try {
    const r = fn();
    const value = r instanceof Uint8Array ? hex(r) : Array.isArray(r) ? r.map(hex) : r;
    return { value, warnings: [...warnings] };
  } catch (e) {
    // A handle's label names its map's id, which differs between two loads.
    const message = e.message.replace(/\(id \d+\)/g, '(id N)');
    return { error: e.name, errno: e.errno, code: e.code, message, log: e.log, warnings: [...warnings] };
  }
}

/** Every key by next-key from the first, sorted (hash order differs between two maps). */
function walk(m) {
  const keys = [];
  for (let k = m.nextKey(); k !== undefined; k = m.nextKey(k)) keys.push(hex(k));
  return keys.sort();
}

/** The script: element ops on maps_all's maps, on a fresh load. */
function transcript() {
  const obj = BpfObject.open(testObject('maps_all'));
  const t = [];
  const step = (name, fn) => t.push([name, outcome(fn)]);
  try {
    const h = obj.map('hash');
    step('lookup before load', () => h.lookup(u32(1)));
    obj.load();
    step('lookup absent', () => h.lookup(u32(1)));
    step('update EXIST absent', () => h.update(u32(1), u64(1), UpdateFlags.EXIST));
    step('update NOEXIST', () => h.update(u32(1), u64(10), UpdateFlags.NOEXIST));
    step('update NOEXIST again', () => h.update(u32(1), u64(11), UpdateFlags.NOEXIST));
    step('update flags 3', () => h.update(u32(1), u64(11), 3));
    step('update flags 8', () => h.update(u32(1), u64(11), 8));
    step('update F_LOCK without a lock', () => h.update(u32(1), u64(11), UpdateFlags.F_LOCK));
    step('lookup', () => h.lookup(u32(1)));
    step('lookup F_LOCK without a lock', () => h.lookup(u32(1), UpdateFlags.F_LOCK));
    step('lookup flags 1', () => h.lookup(u32(1), 1));
    step('lookup 3-byte key', () => h.lookup(new Uint8Array(3)));
    step('update 9-byte value', () => h.update(u32(2), new Uint8Array(9)));
    step('delete 5-byte key', () => h.delete(new Uint8Array(5)));
    step('nextKey 2-byte key', () => h.nextKey(new Uint8Array(2)));
    for (let i = 2; i <= 8; i++) step(`fill ${i}`, () => h.update(u32(i), u64(i * 100)));
    step('update when full', () => h.update(u32(9), u64(9)));
    step('walk', () => walk(h));
    step('nextKey of absent key', () => h.nextKey(u32(99)) !== undefined);
    step('lookupAndDelete', () => h.lookupAndDelete(u32(2)));
    step('lookupAndDelete absent', () => h.lookupAndDelete(u32(2)));
    step('delete', () => h.delete(u32(3)));
    step('delete absent', () => h.delete(u32(3)));
    step('delete flags 4', () => h.delete(u32(4), 4));
    const a = obj.map('array');
    step('array update', () => a.update(u32(7), u64(77)));
    step('array lookup', () => a.lookup(u32(7)));
    step('array lookup out of range', () => a.lookup(u32(8)));
    step('array delete', () => a.delete(u32(7)));
    step('array nextKey first', () => a.nextKey());
    step('array nextKey last', () => a.nextKey(u32(7)));
    const pc = obj.map('percpu_hash');
    step('per-CPU updatePerCpu', () => pc.updatePerCpu(u32(1), pc.lookupPerCpu(u32(1)) ?? [u64(5), u64(6)].slice(0, 2)));
    step('per-CPU lookup flat', () => pc.lookup(u32(1)));
    step('per-CPU lookupPerCpu', () => pc.lookupPerCpu(u32(1)));
    step('per-CPU lookup 8-byte value', () => pc.update(u32(1), u64(1)));
    const pa = obj.map('percpu_array');
    step('per-CPU array lookup', () => pa.lookup(u32(0)));
    const lru = obj.map('lru_hash');
    for (let i = 0; i < 10; i++) step(`lru update ${i}`, () => lru.update(u32(i), u64(i)));
    step('lru walk size', () => walk(lru).length);
    for (const name of ['queue', 'stack']) {
      const q = obj.map(name);
      const none = new Uint8Array(0);
      step(`${name} pop empty`, () => q.lookupAndDelete());
      step(`${name} push 1`, () => q.update(none, u32(1)));
      step(`${name} push 2`, () => q.update(none, u32(2)));
      step(`${name} peek`, () => q.lookup(none));
      step(`${name} pop`, () => q.lookupAndDelete());
      step(`${name} key given`, () => q.lookup(u32(0)));
      step(`${name} delete`, () => q.delete(none));
      step(`${name} nextKey`, () => q.nextKey());
    }
    // Batches (the kernel's order of a hash differs between two maps: pairs sorted).
    const pairs = (r) => Array.from({ length: r.count }, (_, i) =>
      hex(r.keys.subarray(i * 4, i * 4 + 4)) + hex(r.values.subarray(i * r.values.length / r.count, (i + 1) * r.values.length / r.count))).sort();
    const batch = (r) => ({ count: r.count, done: r.done, next: r.nextBatch && hex(r.nextBatch), pairs: pairs(r) });
    const joined = (...xs) => Buffer.concat(xs.map((x) => Buffer.from(x)));
    step('array updateBatch', () => a.updateBatch(joined(u32(0), u32(1), u32(2)), joined(u64(10), u64(11), u64(12))));
    step('array lookupBatch 2', () => batch(a.lookupBatch({ count: 2 })));
    step('array lookupBatch continued', () => batch(a.lookupBatch({ count: 3, inBatch: a.lookupBatch({ count: 2 }).nextBatch })));
    step('array lookupBatch all', () => batch(a.lookupBatch({ count: 8 })));
    step('array updateBatch past the end', () => a.updateBatch(joined(u32(3), u32(9)), joined(u64(1), u64(2))));
    step('array lookupBatch count 0', () => batch(a.lookupBatch({ count: 0 })));
    step('array lookupAndDeleteBatch', () => batch(a.lookupAndDeleteBatch({ count: 2 })));
    step('array deleteBatch', () => a.deleteBatch(u32(0)));
    step('hash deleteBatch all', () => h.deleteBatch(joined(...walk(h).map((x) => Buffer.from(x, 'hex')))));
    step('hash updateBatch', () => h.updateBatch([u32(1), u32(2), u32(3)], [u64(1), u64(2), u64(3)]));
    step('hash updateBatch NOEXIST', () => h.updateBatch([u32(4), u32(2)], [u64(4), u64(5)], UpdateFlags.NOEXIST));
    step('hash updateBatch elemFlags 8', () => h.updateBatch([u32(5)], [u64(5)], 8));
    step('hash lookupBatch', () => batch(h.lookupBatch({ count: 8 })));
    step('hash lookupBatch elemFlags 8', () => batch(h.lookupBatch({ count: 8, elemFlags: 8 })));
    step('hash deleteBatch absent', () => h.deleteBatch([u32(1), u32(77)]));
    step('hash lookupAndDeleteBatch', () => batch(h.lookupAndDeleteBatch({ count: 8 })));
    step('hash lookupBatch empty', () => batch(h.lookupBatch({ count: 8 })));
    step('hash keys and entries', () => [[...h.keys()].length, [...h.entries()].length]);
    step('per-CPU lookupBatch', () => batch(pc.lookupBatch({ count: 4 })));
    step('queue lookupBatch', () => batch(obj.map('queue').lookupBatch({ count: 1 })));
    const handle = MapHandle.fromFd(h.fd);
    step('handle lookup', () => handle.lookup(u32(1)));
    step('handle update', () => handle.update(u32(1), u64(42)));
    step('handle 3-byte key', () => handle.lookup(new Uint8Array(3)));
    step('handle delete absent', () => handle.delete(u32(50)));
    step('handle walk', () => walk(handle));
    handle.close();
    step('closed handle lookup', () => handle.lookup(u32(1)));
  } finally {
    obj.close();
  }
  step('lookup after close', () => obj.map('hash').lookup(u32(1)));
  return t;
}

if (kernelTestsCanRun('map-direct.test.mjs')) {
  test(`the fast path is available where V8 ${runningV8}'s layout is verified (${verifiedV8.join(', ')})`, () => {
    const path = setElementPath('auto');
    if (fastExpected) assert.is(path, 'fast', elementPathStats().fastUnavailable);
    else assert.is(path, 'napi', 'no verified fast-API layout: Node-API');
  });

  test('module, napi and fast paths give identical transcripts; the direct ones are taken', () => {
    const paths = ['module', 'napi', ...(fastExpected ? ['fast'] : [])];
    const results = {};
    for (const p of paths) {
      assert.is(setElementPath(p), p);
      const before = elementPathStats().directCalls;
      results[p] = transcript();
      const direct = elementPathStats().directCalls - before;
      if (p === 'module') assert.is(direct, 0, 'module: no direct call');
      else assert.ok(direct >= 40, `${p}: ${direct} ops took the direct path`);
    }
    const ref = results.module;
    assert.ok(ref.some(([, o]) => o.error === 'LibbpfError'), 'the script has failures');
    assert.ok(ref.some(([, o]) => o.warnings.length > 0), 'and libbpf warnings');
    for (const p of paths.slice(1)) {
      for (let i = 0; i < ref.length; i++) assert.equal(results[p][i], ref[i], `${p}: step '${ref[i][0]}'`);
    }
  });

  // In its own process: a call site that has seen two paths' functions is polymorphic,
  // and V8 makes fast calls only from a call site with one known target (as in a program).
  test('fast: optimised callers make V8 fast calls, with the same values', () => {
    if (!fastExpected) return;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { BpfObject, setLogger } from '${pathToFileURL(`${repoRoot}dist/index.js`)}';
      import { elementPathStats } from '${pathToFileURL(`${repoRoot}dist/map-direct.js`)}';
      setLogger(() => {});
      const obj = BpfObject.open(${JSON.stringify(testObject('maps_all'))});
      obj.load();
      const h = obj.map('hash');
      const key = (i) => new Uint8Array(new Uint32Array([i]).buffer);
      for (let i = 0; i < 8; i++) h.update(key(i), new Uint8Array(new BigUint64Array([BigInt(i * 3)]).buffer));
      let sum = 0n;
      for (let i = 0; i < 100000; i++) sum += new DataView(h.lookup(key(i & 7)).buffer).getBigUint64(0, true);
      obj.close();
      console.log(JSON.stringify({ sum: String(sum), ...elementPathStats() }));`], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    assert.is(out.path, 'fast');
    assert.is(out.sum, String(100_000n / 8n * (0n + 3n + 6n + 9n + 12n + 15n + 18n + 21n)));
    assert.ok(out.fastCalls > 50_000, `${out.fastCalls} of 100000 lookups were V8 fast calls`);
  });

  test('a number reused behind the library\'s back: EFAULT on every path, same error', () => {
    const errors = {};
    for (const p of ['module', 'napi', ...(fastExpected ? ['fast'] : [])]) {
      setElementPath(p);
      const obj = BpfObject.open(testObject('pin_none'));
      try {
        obj.load();
        const map = obj.map('nopin');
        map.update(u32(0), u64(7));
        reuseAsBigMap(otherHost(), map.fd);
        errors[p] = [outcome(() => map.lookup(u32(0))), outcome(() => map.update(u32(0), u64(1)))];
        assert.is(errors[p][0].code, 'EFAULT', JSON.stringify(errors[p][0]));
      } finally {
        obj.close();
      }
    }
    for (const p of Object.keys(errors)) assert.equal(errors[p], errors.module, p);
  });

  test('a worker thread has its own direct path and gets the same values', async () => {
    const code = `
      import { parentPort } from 'node:worker_threads';
      import { BpfObject, setLogger } from '${pathToFileURL(`${repoRoot}dist/index.js`)}';
      import { elementPathStats } from '${pathToFileURL(`${repoRoot}dist/map-direct.js`)}';
      setLogger(() => {});
      const obj = BpfObject.open(${JSON.stringify(testObject('maps_all'))});
      obj.load();
      const h = obj.map('hash');
      const k = new Uint8Array(4);
      let ok = 0;
      for (let i = 0; i < 20000; i++) { k[0] = i & 7; h.update(k, new Uint8Array(8).fill(i & 7)); if (h.lookup(k)[7] === (i & 7)) ok++; }
      obj.close();
      parentPort.postMessage({ ok, ...elementPathStats() });`;
    const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    const r = await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
    await w.terminate();
    assert.is(r.ok, 20000);
    assert.ok(r.directCalls >= 40000, `worker: ${r.directCalls} direct calls`);
    if (fastExpected) assert.ok(r.fastCalls > 0, 'worker: fast calls counted on its own thread');
  });
}

runWithFdCheck(test);
