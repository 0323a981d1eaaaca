// A map fd closed behind the library's back (fs.closeSync) whose number comes back as a
// map with 64 KiB values, created where the host cannot see it (a second copy of the
// addon, as another library in the process would). The host's cached sizes are then
// stale; the kernel must still never write past the buffer the host checked: the call
// fails with EFAULT, canaries around the buffer are intact, nothing crashes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfObject, LibbpfError, setLogger } from '../dist/index.js';
import { runWithFdCheck } from './helpers/fds.mjs';
import { CMD, E, ModuleMemory, host } from './helpers/host.mjs';
import { BIG, otherHost, reuseAsBigMap } from './helpers/fd-reuse.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { testObject, u32, u64, readU64 } from './helpers/objects.mjs';

const CANARY = 0x5a;

function createArray(m, value) {
  const { r } = m.bpf('BPF_MAP_CREATE', {
    map_type: m.L.c.BPF_MAP_TYPE_ARRAY, key_size: 4, value_size: value, max_entries: 1,
  });
  assert.ok(r >= 0, `map create ${r}`);
  return r;
}

// Child mode: the module memory is a 256-byte ArrayBuffer (malloc'd by V8, so an overrun
// corrupts the native heap). Prints the outcome as JSON; a crash shows as a signal/abort.
if (process.argv[2] === '--small-memory-child') {
  const m = new ModuleMemory(1);
  const L = m.L;
  const mem = new ArrayBuffer(256);
  const u8 = new Uint8Array(mem);
  const dv = new DataView(mem);
  const attr = 8;
  const key = attr + L.sizes.bpf_attr;
  const value = key + 8;
  const put = (field, v) => {
    const f = L.bpf_attr[field];
    if (f.size === 8) dv.setBigUint64(attr + f.offset, BigInt(v), true);
    else dv.setUint32(attr + f.offset, v, true);
  };
  put('map_type', L.c.BPF_MAP_TYPE_ARRAY); put('key_size', 4); put('value_size', 8); put('max_entries', 1);
  const other = otherHost();
  const fd = host.bpf(mem, CMD.BPF_MAP_CREATE, attr, L.sizes.bpf_attr);
  u8.fill(0, attr, attr + L.sizes.bpf_attr);
  put('map_fd', fd); put('key', key); put('value', value);
  const first = host.bpf(mem, CMD.BPF_MAP_LOOKUP_ELEM, attr, L.sizes.bpf_attr); // caches 8 bytes
  reuseAsBigMap(other, fd);
  u8.fill(CANARY, value, 256);
  const r = host.bpf(mem, CMD.BPF_MAP_LOOKUP_ELEM, attr, L.sizes.bpf_attr);
  const tail = [...u8.subarray(value + 8)].every((b) => b === CANARY);
  // Churn the native heap so a corrupted one aborts now rather than later.
  for (let i = 0; i < 2000; i++) new ArrayBuffer(64 + (i % 512)).byteLength;
  host.close(fd);
  console.log(JSON.stringify({ first, r, tail }));
  process.exit(0);
}

const test = suite('host fd reuse');

if (kernelTestsCanRun('host-fd-reuse.test.mjs')) {
  test('raw host: a stale 8-byte value size meets a 64 KiB map: EFAULT, canaries intact', () => {
    const m = new ModuleMemory(64);
    const other = otherHost();
    const fd = createArray(m, 8);
    const key = m.bytes(Buffer.alloc(4));
    const probe = m.alloc(8);
    assert.is(m.bpf('BPF_MAP_LOOKUP_ELEM', { map_fd: fd, key, value: probe }).r, 0, 'caches 8 bytes');
    const big = reuseAsBigMap(other, fd);
    // value: 8 bytes with 64 canary bytes before it and a full map value's worth after.
    const region = m.alloc(64 + 8 + BIG + 64);
    const value = region + 64;
    const end = region + 64 + 8 + BIG + 64;
    m.u8.fill(CANARY, region, end);
    const before = Buffer.from(m.u8.slice(region, end));
    for (let i = 0; i < 2; i++) {
      const { r } = m.bpf('BPF_MAP_LOOKUP_ELEM', { map_fd: big, key, value });
      assert.is(r, -E.EFAULT, `lookup ${i}: the kernel hit the guard page`);
      const now = m.u8.slice(region, end);
      assert.ok(before.subarray(0, 64).equals(now.subarray(0, 64)), 'canaries before intact');
      assert.ok(before.subarray(72).equals(now.subarray(72)), 'nothing written past the 8 checked bytes');
      const got = now.subarray(64, 72);
      assert.ok(got.every((b) => b === CANARY) || got.every((b) => b === 0xab), 'the 8 bytes: untouched or the value');
    }
    // The update direction reads: also bounded by the checked 8 bytes.
    m.u8.fill(0x11, value, value + 8);
    assert.is(m.bpf('BPF_MAP_UPDATE_ELEM', { map_fd: big, key, value }).r, -E.EFAULT);
    // Batch buffers are sized from the same cache: LOOKUP_BATCH of one element.
    m.u8.fill(CANARY, region, end);
    const keys = m.alloc(4);
    const outB = m.alloc(4);
    const batch = m.bpf('BPF_MAP_LOOKUP_BATCH', {
      'batch.map_fd': big, 'batch.out_batch': outB, 'batch.keys': keys, 'batch.values': value, 'batch.count': 1,
    });
    assert.is(batch.r, -E.EFAULT, 'batch values hit the guard page');
    assert.ok(before.subarray(72).equals(m.u8.slice(region + 72, end)), 'batch: nothing past the checked bytes');
    host.close(big);
  });

  test('raw host, 256-byte ArrayBuffer as memory: EFAULT, tail intact, no crash', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--small-memory-child'], {
      encoding: 'utf8', timeout: 60_000,
    });
    assert.is(r.signal, null, `child killed by ${r.signal}: ${r.stderr}`);
    assert.is(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    assert.equal(out, { first: 0, r: -E.EFAULT, tail: true });
  });

  test('BpfObject: lookup on the reused number fails with LibbpfError EFAULT; object closes cleanly', () => {
    setLogger(() => {});
    const other = otherHost();
    const obj = BpfObject.open(testObject('pin_none'));
    try {
      obj.load();
      const map = obj.map('nopin');
      map.update(u32(0), u64(7));
      assert.is(readU64(map.lookup(u32(0))), 7n);
      reuseAsBigMap(other, map.fd);
      for (let i = 0; i < 2; i++) {
        try {
          map.lookup(u32(0));
          assert.unreachable('lookup on a 64 KiB map with an 8-byte buffer must fail');
        } catch (e) {
          if (!(e instanceof LibbpfError)) throw e;
          assert.is(e.errno, E.EFAULT, e.message);
        }
      }
    } finally {
      obj.close(); // closes the reused number: it is the object's fd as far as libbpf knows
    }
  });
}

runWithFdCheck(test);
