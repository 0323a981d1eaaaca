// Map commands through the host against the real kernel: results, documented errors,
// and EFAULT for out-of-memory pointers with proof the kernel did nothing.
import { closeSync, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openFdCount, runWithFdCheck } from './helpers/fds.mjs';
import { CMD, E, ModuleMemory, host } from './helpers/host.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';

const test = suite('host maps');

function createMap(m, { type = 'BPF_MAP_TYPE_HASH', key = 4, value = 8, max = 16, flags = 0 } = {}) {
  const { r } = m.bpf('BPF_MAP_CREATE', {
    map_type: m.L.c[type], key_size: key, value_size: value, max_entries: max, map_flags: flags,
  });
  assert.ok(r >= 0, `MAP_CREATE ${type}: ${r}`);
  return r;
}
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
const u64 = (v) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; };

function elem(m, cmd, fd, keyOff, valueOff, flags = 0) {
  return m.bpf(cmd, { map_fd: fd, key: keyOff, value: valueOff, flags }).r;
}
const update = (m, fd, k, v, flags = 0) => elem(m, 'BPF_MAP_UPDATE_ELEM', fd, m.bytes(k), m.bytes(v), flags);
function lookup(m, fd, k, size = 8) {
  const out = m.alloc(size);
  const r = elem(m, 'BPF_MAP_LOOKUP_ELEM', fd, m.bytes(k), out);
  return r < 0 ? r : Buffer.from(m.u8.slice(out, out + size));
}

if (kernelTestsCanRun('host-maps.test.mjs')) {
  test('update/lookup/delete round trip; EEXIST, ENOENT and E2BIG as documented', () => {
    const m = new ModuleMemory();
    const fd = createMap(m, { max: 2 });
    assert.is(update(m, fd, u32(1), u64(11)), 0);
    assert.equal(lookup(m, fd, u32(1)), u64(11));
    assert.is(update(m, fd, u32(1), u64(12), m.L.c.BPF_NOEXIST), -E.EEXIST);
    assert.is(update(m, fd, u32(2), u64(22), m.L.c.BPF_EXIST), -E.ENOENT);
    assert.is(update(m, fd, u32(2), u64(22)), 0);
    assert.is(update(m, fd, u32(3), u64(33)), -E.E2BIG, 'a full hash map');
    assert.is(lookup(m, fd, u32(9)), -E.ENOENT);
    assert.is(elem(m, 'BPF_MAP_DELETE_ELEM', fd, m.bytes(u32(1)), 0), 0);
    assert.is(elem(m, 'BPF_MAP_DELETE_ELEM', fd, m.bytes(u32(1)), 0), -E.ENOENT);
    assert.is(host.close(fd), 0);
  });

  test('GET_NEXT_KEY: a missing key gives the first key, the last key gives ENOENT', () => {
    const m = new ModuleMemory();
    const fd = createMap(m);
    for (const k of [5, 6, 7]) assert.is(update(m, fd, u32(k), u64(k)), 0);
    const next = m.alloc(4);
    const seen = [];
    let r = elem(m, 'BPF_MAP_GET_NEXT_KEY', fd, m.bytes(u32(999)), next);
    while (r === 0) {
      seen.push(m.dv.getUint32(next, true));
      r = elem(m, 'BPF_MAP_GET_NEXT_KEY', fd, m.bytes(u32(seen.at(-1))), next);
    }
    assert.is(r, -E.ENOENT);
    assert.equal(seen.sort(), [5, 6, 7]);
    assert.is(elem(m, 'BPF_MAP_GET_NEXT_KEY', fd, 0, next), 0, 'NULL key: first key');
    host.close(fd);
  });

  test('aliased buffers (the kernel copies through bounce slots): get_next_key(k, k) walks, lookup(k, k) reads', () => {
    const m = new ModuleMemory();
    const fd = createMap(m, { key: 4, value: 4 });
    for (const k of [5, 6, 7]) assert.is(update(m, fd, u32(k), u32(k * 10)), 0);
    const k = m.bytes(u32(999));
    const seen = [];
    while (elem(m, 'BPF_MAP_GET_NEXT_KEY', fd, k, k) === 0) seen.push(m.dv.getUint32(k, true));
    assert.equal(seen.sort(), [5, 6, 7], 'the written next_key wins over the read key');
    m.dv.setUint32(k, 6, true);
    assert.is(elem(m, 'BPF_MAP_LOOKUP_ELEM', fd, k, k), 0);
    assert.is(m.dv.getUint32(k, true), 60);
    host.close(fd);
  });

  test('LOOKUP_AND_DELETE pops a queue (FIFO) and a stack (LIFO); LOOKUP peeks', () => {
    const m = new ModuleMemory();
    for (const [type, order] of [['BPF_MAP_TYPE_QUEUE', [1, 2, 3]], ['BPF_MAP_TYPE_STACK', [3, 2, 1]]]) {
      const fd = createMap(m, { type, key: 0, value: 4, max: 4 });
      for (const v of [1, 2, 3]) assert.is(elem(m, 'BPF_MAP_UPDATE_ELEM', fd, 0, m.bytes(u32(v))), 0);
      const out = m.alloc(4);
      assert.is(elem(m, 'BPF_MAP_LOOKUP_ELEM', fd, 0, out), 0);
      assert.is(m.dv.getUint32(out, true), order[0], `${type} peek`);
      const popped = [];
      for (let i = 0; i < 3; i++) {
        assert.is(elem(m, 'BPF_MAP_LOOKUP_AND_DELETE_ELEM', fd, 0, out), 0);
        popped.push(m.dv.getUint32(out, true));
      }
      assert.equal(popped, order, type);
      assert.is(elem(m, 'BPF_MAP_LOOKUP_AND_DELETE_ELEM', fd, 0, out), -E.ENOENT, 'empty');
      host.close(fd);
    }
  });

  test('FREEZE, then an update from the syscall side gets EPERM', () => {
    const m = new ModuleMemory();
    const fd = createMap(m, { type: 'BPF_MAP_TYPE_ARRAY', max: 1 });
    assert.is(m.bpf('BPF_MAP_FREEZE', { map_fd: fd }).r, 0);
    assert.is(update(m, fd, u32(0), u64(1)), -E.EPERM);
    assert.is(m.bpf('BPF_MAP_FREEZE', { map_fd: 999 }).r, -E.EBADF);
    host.close(fd);
  });

  test('per-CPU values are round_up(value_size, 8) * possible CPUs', () => {
    const m = new ModuleMemory();
    const fd = createMap(m, { type: 'BPF_MAP_TYPE_PERCPU_ARRAY', value: 4, max: 1 });
    const ncpu = possibleCpus();
    const size = 8 * ncpu;
    const vals = Buffer.alloc(size);
    for (let c = 0; c < ncpu; c++) vals.writeUInt32LE(100 + c, c * 8);
    assert.is(update(m, fd, u32(0), vals), 0);
    assert.equal(lookup(m, fd, u32(0), size), vals);
    // A buffer big enough for one CPU's value only, at the end of memory: refused.
    const key = m.bytes(u32(0));
    const tail = m.size - 8;
    m.u8.fill(0xee, tail, m.size);
    assert.is(elem(m, 'BPF_MAP_LOOKUP_ELEM', fd, key, tail), -E.EFAULT);
    assert.ok(m.u8.slice(tail).every((b) => b === 0xee), 'nothing written');
    host.close(fd);
  });

  test('EFAULT for each map command whose pointer leaves memory; the kernel did nothing', () => {
    const m = new ModuleMemory();
    const fd = createMap(m);
    assert.is(update(m, fd, u32(1), u64(1)), 0);
    const end = m.size;
    const key = m.bytes(u32(1));
    const val = m.alloc(8);
    const cases = [
      ['BPF_MAP_LOOKUP_ELEM', end - 2, val], ['BPF_MAP_LOOKUP_ELEM', key, end - 4],
      ['BPF_MAP_UPDATE_ELEM', m.bytes(u32(2)), end - 4], ['BPF_MAP_UPDATE_ELEM', end, val],
      ['BPF_MAP_DELETE_ELEM', end - 3, 0], ['BPF_MAP_GET_NEXT_KEY', key, end - 1],
      ['BPF_MAP_GET_NEXT_KEY', 0xfffffffc, val], ['BPF_MAP_LOOKUP_AND_DELETE_ELEM', key, end - 4],
    ];
    for (const [cmd, k, v] of cases) assert.is(elem(m, cmd, fd, k, v), -E.EFAULT, `${cmd} ${k} ${v}`);
    assert.is(lookup(m, fd, u32(2)), -E.ENOENT, 'the refused update wrote nothing');
    assert.equal(lookup(m, fd, u32(1)), u64(1), 'the refused delete deleted nothing');
    host.close(fd);
  });

  test('key and value sizes follow the map behind the fd when the number is reused', () => {
    const m = new ModuleMemory();
    const small = createMap(m, { key: 4 });
    assert.is(update(m, small, u32(1), u64(1)), 0); // caches key_size 4 for this fd number
    host.close(small);
    const big = createMap(m, { key: 64 });
    const nearEnd = m.size - 8; // room for a 4-byte key, not a 64-byte one
    assert.is(elem(m, 'BPF_MAP_LOOKUP_ELEM', big, nearEnd, m.alloc(8)), -E.EFAULT);
    // Closed behind the host's back: the next fd it hands out still drops the entry.
    closeSync(big);
    const big2 = createMap(m, { key: 64 });
    assert.is(elem(m, 'BPF_MAP_LOOKUP_ELEM', big2, nearEnd, m.alloc(8)), -E.EFAULT);
    assert.is(elem(m, 'BPF_MAP_LOOKUP_ELEM', big2, m.alloc(64), m.alloc(8)), -E.ENOENT);
    host.close(big2);
  });

  test('map commands on a non-map fd or a closed fd fail like the kernel', () => {
    const m = new ModuleMemory();
    assert.is(elem(m, 'BPF_MAP_LOOKUP_ELEM', 9999, m.alloc(4), m.alloc(8)), -E.EBADF);
    const fd = host.openat(m.buf, -100, m.cstr('/proc/self/stat'), 0, 0);
    assert.ok(fd >= 0);
    assert.is(elem(m, 'BPF_MAP_LOOKUP_ELEM', fd, m.alloc(4), m.alloc(8)), -E.EINVAL);
    host.close(fd);
  });

  test('batch ops round-trip 10,000 elements', () => {
    const m = new ModuleMemory(64);
    const N = 10000;
    const fd = createMap(m, { key: 4, value: 8, max: N });
    const keys = m.alloc(N * 4);
    const vals = m.alloc(N * 8);
    for (let i = 0; i < N; i++) {
      m.dv.setUint32(keys + i * 4, i, true);
      m.dv.setBigUint64(vals + i * 8, BigInt(i) * 3n, true);
    }
    const up = m.bpf('BPF_MAP_UPDATE_BATCH', {
      'batch.map_fd': fd, 'batch.keys': keys, 'batch.values': vals, 'batch.count': N,
    });
    assert.is(up.r, 0);
    assert.is(m.read(up.attr, 'bpf_attr', 'batch.count'), N);

    const outK = m.alloc(N * 4);
    const outV = m.alloc(N * 8);
    const inB = m.alloc(4);
    const outB = m.alloc(4);
    const got = new Map();
    let first = true;
    for (;;) {
      const chunk = 1000;
      const { r, attr } = m.bpf('BPF_MAP_LOOKUP_BATCH', {
        'batch.map_fd': fd, 'batch.in_batch': first ? 0 : inB, 'batch.out_batch': outB,
        'batch.keys': outK, 'batch.values': outV, 'batch.count': chunk,
      });
      assert.ok(r === 0 || r === -E.ENOENT, `lookup batch: ${r}`);
      assert.is(m.read(attr, 'bpf_attr', 'batch.out_batch'), BigInt(outB), 'offset restored');
      const n = m.read(attr, 'bpf_attr', 'batch.count');
      for (let i = 0; i < n; i++)
        got.set(m.dv.getUint32(outK + i * 4, true), m.dv.getBigUint64(outV + i * 8, true));
      if (r === -E.ENOENT) break;
      m.u8.copyWithin(inB, outB, outB + 4);
      first = false;
    }
    assert.is(got.size, N);
    for (let i = 0; i < N; i += 997) assert.is(got.get(i), BigInt(i) * 3n);

    const del = m.bpf('BPF_MAP_DELETE_BATCH', { 'batch.map_fd': fd, 'batch.keys': keys, 'batch.count': N / 2 });
    assert.is(del.r, 0);
    const lad = m.bpf('BPF_MAP_LOOKUP_AND_DELETE_BATCH', {
      'batch.map_fd': fd, 'batch.out_batch': outB, 'batch.keys': outK, 'batch.values': outV, 'batch.count': N,
    });
    assert.is(lad.r, -E.ENOENT);
    assert.is(m.read(lad.attr, 'bpf_attr', 'batch.count'), N / 2);
    assert.is(elem(m, 'BPF_MAP_GET_NEXT_KEY', fd, 0, m.alloc(4)), -E.ENOENT, 'empty now');
    host.close(fd);
  });

  test('batch EFAULT: keys/values/token past the end; nothing written, count unchanged', () => {
    const m = new ModuleMemory();
    const fd = createMap(m, { key: 4, value: 8, max: 64 });
    const keys = m.alloc(16 * 4);
    for (let i = 0; i < 16; i++) m.dv.setUint32(keys + i * 4, i, true);
    const vals = m.size - 8 * 15; // room for 15 values, count says 16
    const up = m.bpf('BPF_MAP_UPDATE_BATCH', {
      'batch.map_fd': fd, 'batch.keys': keys, 'batch.values': vals, 'batch.count': 16,
    });
    assert.is(up.r, -E.EFAULT);
    assert.is(m.read(up.attr, 'bpf_attr', 'batch.count'), 16);
    assert.is(elem(m, 'BPF_MAP_GET_NEXT_KEY', fd, 0, m.alloc(4)), -E.ENOENT, 'no element written');
    const cases = [
      ['BPF_MAP_LOOKUP_BATCH', { 'batch.keys': m.size - 4, 'batch.values': m.alloc(16), 'batch.count': 2 }],
      ['BPF_MAP_LOOKUP_BATCH', { 'batch.keys': m.alloc(8), 'batch.values': m.alloc(16), 'batch.out_batch': m.size - 2, 'batch.count': 2 }],
      ['BPF_MAP_LOOKUP_AND_DELETE_BATCH', { 'batch.keys': m.alloc(8), 'batch.values': m.size - 8, 'batch.count': 2 }],
      ['BPF_MAP_DELETE_BATCH', { 'batch.keys': m.size - 4, 'batch.count': 2 }],
      ['BPF_MAP_UPDATE_BATCH', { 'batch.keys': m.size, 'batch.values': m.alloc(8), 'batch.count': 1 }],
    ];
    for (const [cmd, f] of cases) assert.is(m.bpf(cmd, { 'batch.map_fd': fd, ...f }).r, -E.EFAULT, cmd);
    host.close(fd);
  });

  test('MAP_CREATE: no pointers, the inline name is passed; bad attrs fail like the kernel', () => {
    const m = new ModuleMemory();
    const before = openFdCount();
    const { r } = m.bpf('BPF_MAP_CREATE', {
      map_type: m.L.c.BPF_MAP_TYPE_HASH, key_size: 4, value_size: 4, max_entries: 0,
    });
    assert.is(r, -E.EINVAL, 'max_entries 0');
    assert.is(openFdCount(), before);
    const named = m.bpf('BPF_MAP_CREATE', {
      map_type: m.L.c.BPF_MAP_TYPE_ARRAY, key_size: 4, value_size: 4, max_entries: 1, map_name: 'hostmap',
    });
    assert.ok(named.r >= 0);
    const info = m.struct('bpf_map_info');
    const q = m.bpf('BPF_OBJ_GET_INFO_BY_FD', {
      'info.bpf_fd': named.r, 'info.info_len': m.L.sizes.bpf_map_info, 'info.info': info,
    });
    assert.is(q.r, 0);
    assert.is(m.readCstr(info + m.L.bpf_map_info.name.offset), 'hostmap');
    assert.is(m.read(info, 'bpf_map_info', 'max_entries'), 1);
    assert.is(m.read(q.attr, 'bpf_attr', 'info.info'), BigInt(info), 'info offset restored');
    host.close(named.r);
  });
}

// The kernel's num_possible_cpus(): the weight of /sys/devices/system/cpu/possible.
function possibleCpus() {
  return readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split(',').reduce((n, part) => {
    const [a, b = a] = part.split('-').map(Number);
    return n + (b - a + 1);
  }, 0);
}

runWithFdCheck(test);
