// Handles outside any BpfObject (issue #10): MapHandle, ProgramHandle, BtfHandle,
// LinkHandle from pins, ids and fds; info; testRun; enableStats; with failure modes
// (closed fd, an id that no longer exists, a pinned path that is not a map).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BpfObject, LibbpfError, MapHandle, ProgramHandle, BtfHandle, LinkHandle, MapType, ProgType, BatchError,
  enableStats, possibleCpus, setLogger, mapIds, programIds, btfIds, linkIds,
} from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { throwsErrno } from './helpers/errors.mjs';
import { testObject, u32, u64, readU32, readU64, repoRoot } from './helpers/objects.mjs';
import { testRunRetryingEintr } from './helpers/test-run.mjs';

setLogger(() => {});


// Node 20 has no `using`: handles a test opens are closed when it ends.
const opened = [];
const track = (h) => (opened.push(h), h);
const closeTracked = () => { for (const h of opened.splice(0)) h.close(); };

/** maps_user loaded, with its maps and program pinned in a private bpffs. */
function pinned(fn) {
  const fs = mountBpffs();
  const obj = BpfObject.open(testObject('maps_user'));
  try {
    obj.load();
    for (const name of ['hash', 'percpu', 'queue', 'out']) obj.map(name).pin(`${fs.dir}/${name}`);
    obj.program('copy_config').pin(`${fs.dir}/prog`);
    return fn(obj, fs.dir);
  } finally {
    closeTracked();
    obj.close();
    fs.cleanup();
  }
}

if (kernelTestsCanRun('facade-handles.test.mjs')) {
  test('MapHandle.fromPinned: the same map as the object\'s, element ops with the kernel\'s sizes', () => {
    pinned((obj, dir) => {
      const h = track(MapHandle.fromPinned(`${dir}/hash`));
      assert.is(h.name, 'hash');
      assert.is(h.type, MapType.HASH);
      assert.is(h.keySize, 4);
      assert.is(h.valueSize, 8);
      assert.is(h.maxEntries, 64);
      assert.is(h.id, obj.map('hash').info().id);
      assert.ok(h.fd >= 0 && h.fd !== obj.map('hash').fd);
      h.update(u32(1), u64(41));
      assert.is(readU64(obj.map('hash').lookup(u32(1))), 41n);
      assert.is(readU64(h.lookup(u32(1))), 41n);
      assert.is(h.lookup(u32(2)), undefined);
      throwsErrno(() => h.update(u32(1), u64(1), 1), 17); // NOEXIST
      assert.equal([...h.keys()].map(readU32), [1]);
      assert.is(h.delete(u32(1)), true);
      assert.is(h.delete(u32(1)), false);
      // Batch and iteration through the same core.
      assert.is(h.updateBatch([u32(5), u32(6)], [u64(50), u64(60)]), 2);
      assert.is([...h.entries()].length, 2);
      const r = h.lookupAndDeleteBatch();
      assert.is(r.count, 2);
      assert.ok(r.done);
      throwsErrno(() => h.deleteBatch([u32(9)]), 2);
      assert.instance((() => { try { h.deleteBatch([u32(9)]); } catch (e) { return e; } })(), BatchError);
      // Sizes come from the kernel and are checked before the call (RangeError).
      assert.throws(() => h.lookup(u64(1)), RangeError);
      assert.throws(() => h.update(u32(1), u32(1)), RangeError);
      assert.throws(() => h.delete(new Uint8Array(2)), RangeError);
      assert.throws(() => h.nextKey(new Uint8Array(5)), RangeError);
      assert.throws(() => h.lookup('key'), TypeError);
      assert.equal(h.info().name, 'hash');
    });
  });

  test('MapHandle: queue and per-CPU maps', () => {
    pinned((obj, dir) => {
      const q = track(MapHandle.fromPinned(`${dir}/queue`));
      q.update(new Uint8Array(0), u32(7));
      q.update(new Uint8Array(0), u32(8));
      assert.is(readU32(q.lookupAndDelete()), 7);
      assert.is(readU32(obj.map('queue').lookupAndDelete()), 8);
      assert.is(q.lookupAndDelete(), undefined);
      const pc = track(MapHandle.fromPinned(`${dir}/percpu`));
      const n = possibleCpus();
      pc.updatePerCpu(u32(2), Array.from({ length: n }, (_, i) => u32(i + 1)));
      assert.equal(obj.map('percpu').lookupPerCpu(u32(2)).map(readU32), Array.from({ length: n }, (_, i) => i + 1));
      assert.throws(() => pc.update(u32(2), u32(1)), RangeError); // the flat value is 8 * CPUs
    });
  });

  test('MapHandle: pin, fromId, fromFd (a dup), ids; close once; dispose', () => {
    pinned((obj, dir) => {
      const h = MapHandle.fromPinned(`${dir}/out`);
      h.pin(`${dir}/out2`);
      const id = h.id;
      assert.ok(MapHandle.ids().includes(id));
      assert.ok(mapIds().includes(id));
      for (const list of [mapIds(), programIds(), btfIds(), linkIds()]) {
        assert.equal(list, [...list].sort((a, b) => a - b), 'ascending');
      }
      assert.ok(btfIds().length > 0);
      const byId = MapHandle.fromId(id);
      const byFd = MapHandle.fromFd(h.fd);
      assert.is.not(byFd.fd, h.fd);
      h.close();
      h.close(); // once
      assert.is(h.fd, -1);
      assert.ok(h.closed);
      throwsErrno(() => h.lookup(u32(0)), 9);
      throwsErrno(() => h.info(), 9);
      throwsErrno(() => h.lookupBatch(), 9);
      throwsErrno(() => h.pin(`${dir}/x`), 9);
      byFd.update(u32(3), u64(33)); // the dup outlives the original
      assert.is(readU64(byId.lookup(u32(3))), 33n);
      byFd[Symbol.dispose]();
      byId.close();
      const again = track(MapHandle.fromPinned(`${dir}/out2`));
      assert.is(again.id, id);
    });
  });

  test('MapHandle failure modes: not a map, no such pin, no such id, closed fd', () => {
    pinned((obj, dir) => {
      const e = throwsErrno(() => MapHandle.fromPinned(`${dir}/prog`), 22);
      assert.match(e.message, /bpf-prog, not a bpf-map/);
      throwsErrno(() => MapHandle.fromPinned(`${dir}/missing`), 2);
      throwsErrno(() => MapHandle.fromFd(obj.program('copy_config').fd), 22);
      throwsErrno(() => MapHandle.fromFd(1 << 20), 9);
      assert.throws(() => MapHandle.fromPinned(''), TypeError);
      assert.throws(() => MapHandle.fromId(-1), RangeError);
      assert.throws(() => MapHandle.fromFd(1.5), RangeError);
      assert.throws(() => new MapHandle(Symbol('x')), TypeError);
    });
    // An id that no longer exists: the map is freed once its last fd and pin are gone.
    const obj = BpfObject.open(testObject('maps_user'));
    obj.load();
    const id = obj.map('hash').info().id;
    obj.close();
    throwsErrno(() => MapHandle.fromId(id), 2);
  });

  test('ProgramHandle: fromPinned, info (every field), testRun, pin, ids, fromId, fromFd', () => {
    pinned((obj, dir) => {
      const p = track(ProgramHandle.fromPinned(`${dir}/prog`));
      assert.is(p.name, 'copy_config');
      assert.is(p.type, ProgType.XDP);
      const info = p.info({ xlatedInsns: true, jitedInsns: true });
      assert.is(info.id, obj.program('copy_config').info().id);
      assert.is(info.tag.length, 8);
      assert.ok(info.gplCompatible);
      assert.ok(info.verifiedInsns > 0);
      assert.ok(info.loadTime > 0n);
      assert.is(info.createdByUid, 0);
      assert.ok(info.btfId > 0);
      assert.ok(info.nrFuncInfo >= 1 && info.nrLineInfo >= 1);
      assert.is(info.xlatedInsns.length, info.xlatedProgLen);
      assert.is(info.jitedInsns.length, info.jitedProgLen);
      const mapIds = ['out', '.rodata', '.data', '.bss', '.rodata.cfg', '.data.extra', '.kconfig']
        .map((n) => obj.maps.find((m) => m.name === n || m.name.endsWith(n)).info().id);
      for (const id of mapIds) assert.ok(info.mapIds.includes(id), `map id ${id} in ${info.mapIds}`);
      assert.is(p.info().xlatedInsns, undefined);
      const r = p.testRun({ data: new Uint8Array(80) });
      assert.is(r.retval, 3); // XDP_TX
      assert.is(r.data.length, 80);
      assert.is(readU64(obj.map('out').lookup(u32(6))), 80n);
      assert.ok(ProgramHandle.ids().includes(info.id));
      assert.ok(programIds().includes(info.id));
      const byId = track(ProgramHandle.fromId(info.id));
      const byFd = track(ProgramHandle.fromFd(p.fd));
      assert.is(byId.info().name, 'copy_config');
      assert.is(byFd.info().id, info.id);
      p.pin(`${dir}/prog2`);
      const again = track(ProgramHandle.fromPinned(`${dir}/prog2`));
      assert.is(again.id, info.id);
      throwsErrno(() => ProgramHandle.fromPinned(`${dir}/hash`), 22);
      p.close();
      throwsErrno(() => p.testRun({ data: new Uint8Array(64) }), 9);
      throwsErrno(() => p.info(), 9);
    });
  });

  test('enableStats(): run_cnt and run_time_ns count while it is open', () => {
    pinned((obj) => {
      const prog = obj.program('copy_config');
      const before = prog.info().runCnt;
      const stats = enableStats();
      try {
        testRunRetryingEintr(prog, { data: new Uint8Array(64), repeat: 5 });
        const after = prog.info();
        assert.ok(after.runCnt >= before + 5n, `${before} -> ${after.runCnt}`);
        assert.ok(after.runTimeNs > 0n);
      } finally {
        stats.close();
      }
      stats.close();
    });
  });

  test('testRun failure modes and BpfProgram.instructions() before load', () => {
    const obj = BpfObject.open(testObject('maps_user'));
    try {
      const prog = obj.program('copy_config');
      const insns = prog.instructions();
      assert.is(insns.length, prog.insnCount * 8);
      assert.ok(insns.length > 0);
      assert.is(insns[insns.length - 8], 0x95); // BPF_JMP | BPF_EXIT
      throwsErrno(() => prog.testRun({ data: new Uint8Array(64) }), 2);
      throwsErrno(() => prog.info(), 2);
      obj.load();
      // XDP needs at least an Ethernet header of data.
      throwsErrno(() => prog.testRun({ data: new Uint8Array(4) }), 22);
      throwsErrno(() => prog.testRun({ data: new Uint8Array(64), dataSizeOut: 10 }), 28); // ENOSPC
      // ctx out must hold the kernel's whole struct xdp_md (24 bytes).
      throwsErrno(() => prog.testRun({ data: new Uint8Array(64), ctx: new Uint8Array(3) }), 28);
      assert.is(prog.testRun({ data: new Uint8Array(64), ctx: new Uint8Array(24) }).ctx.length, 24);
      assert.throws(() => prog.testRun({ data: [1, 2] }), TypeError);
      assert.throws(() => prog.testRun({ repeats: 2 }), TypeError);
      assert.throws(() => prog.testRun({ data: new Uint8Array(64), repeat: -1 }), RangeError);
      const r = testRunRetryingEintr(prog, { data: new Uint8Array(64), repeat: 3 });
      assert.is(r.retval, 3);
      assert.ok(r.duration >= 0);
    } finally {
      obj.close();
    }
  });

  test('BtfHandle: vmlinux BTF by id; LinkHandle ids', () => {
    const ids = BtfHandle.ids();
    assert.ok(ids.length > 0);
    const infos = ids.slice(0, 50).map((id) => track(BtfHandle.fromId(id)).info());
    closeTracked();
    const vmlinux = infos.find((i) => i.name === 'vmlinux');
    assert.ok(vmlinux, JSON.stringify(infos.slice(0, 3)));
    assert.ok(vmlinux.kernelBtf);
    assert.ok(vmlinux.btfSize > 1000);
    throwsErrno(() => BtfHandle.fromId(0x7ffffff0), 2);
    const h = BtfHandle.fromId(vmlinux.id);
    h.close();
    throwsErrno(() => h.info(), 9);
    for (const id of LinkHandle.ids()) {
      const l = LinkHandle.fromId(id);
      try {
        const li = l.info();
        assert.is(li.id, id);
        assert.ok(li.progId > 0);
      } finally {
        l.close();
      }
    }
  });

  test('handles in a worker thread: its own shared instance, the same kernel map', async () => {
    const obj = BpfObject.open(testObject('maps_user'));
    try {
      obj.load();
      const id = obj.map('hash').info().id;
      const src = `
        import { parentPort, workerData } from 'node:worker_threads';
        import { MapHandle } from '${repoRoot}dist/index.js';
        const h = MapHandle.fromId(workerData);
        h.updateBatch([new Uint8Array([1, 0, 0, 0]), new Uint8Array([2, 0, 0, 0])], new Uint8Array(16).fill(7));
        parentPort.postMessage([...h.keys()].length);
        h.close();`;
      const n = await new Promise((resolve, reject) => {
        const w = new Worker(src, { eval: true, workerData: id });
        w.once('message', resolve);
        w.once('error', reject);
      });
      assert.is(n, 2);
      assert.is(readU64(obj.map('hash').lookup(u32(2))), 0x0707070707070707n);
    } finally {
      obj.close();
    }
  });

  test('a handle left unclosed is closed by the safety net, with a warning', () => {
    const script = `
      import { MapHandle } from '${repoRoot}dist/index.js';
      import { readdirSync } from 'node:fs';
      const [path] = process.argv.slice(2);
      const count = () => readdirSync('/proc/self/fd').length;
      process.on('warning', (w) => { if (w.name === 'LibbpfWasmFdLeak') console.log('WARN ' + JSON.stringify(w.message)); });
      MapHandle.fromPinned(path); // warm up the shared instance
      const before = count();
      (() => { MapHandle.fromPinned(path); })();
      const held = count();
      await new Promise((r) => setTimeout(r, 10));
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 50));
      console.log(JSON.stringify({ before, held, after: count() }));
    `;
    pinned((obj, dir) => {
      const tmp = mkdtempSync(join(tmpdir(), 'libbpf-wasm-leak-'));
      let r;
      try {
        writeFileSync(join(tmp, 'leak.mjs'), script);
        r = spawnSync(process.execPath, ['--expose-gc', join(tmp, 'leak.mjs'), `${dir}/hash`],
          { encoding: 'utf8', env: { ...process.env, LIBBPF_WASM_TRACE_FDS: '1' } });
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      assert.is(r.status, 0, r.stderr);
      const last = JSON.parse(r.stdout.trim().split('\n').pop());
      assert.is(last.held, last.before + 1);
      assert.is(last.after, last.before, r.stdout);
      assert.match(r.stdout, /WARN "libbpf-wasm: MapHandle \(fd \d+\) was garbage-collected without close\(\)/);
      assert.match(r.stdout, /Created at:.*leak\.mjs/, 'LIBBPF_WASM_TRACE_FDS=1 names where the handle was made');
    });
  });
}

runWithFdCheck(test);
