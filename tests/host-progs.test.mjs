// Program and BTF commands through the host against the real kernel: PROG_LOAD (with
// log_buf and fd_array), PROG_TEST_RUN, BTF_LOAD, OBJ_GET_INFO_BY_FD for every kind,
// GET_NEXT_ID/GET_FD_BY_ID, PROG_BIND_MAP, ENABLE_STATS, with EFAULT for each pointer.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exit, ldImm64, minimalBtf, movR0, prog } from './helpers/bpf-progs.mjs';
import { openFdCount, runWithFdCheck } from './helpers/fds.mjs';
import { CMD, E, ModuleMemory, host } from './helpers/host.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';

const test = suite('host programs');

function load(m, insns, extra = {}) {
  return m.bpf('BPF_PROG_LOAD', {
    prog_type: m.L.c.BPF_PROG_TYPE_SOCKET_FILTER,
    insns: m.bytes(insns),
    insn_cnt: insns.length / 8,
    license: m.cstr('GPL'),
    ...extra,
  });
}
function mapCreate(m) {
  const { r } = m.bpf('BPF_MAP_CREATE', {
    map_type: m.L.c.BPF_MAP_TYPE_ARRAY, key_size: 4, value_size: 8, max_entries: 1,
  });
  assert.ok(r >= 0);
  return r;
}
function info(m, fd, struct, fields = {}, len = m.L.sizes[struct]) {
  const off = m.struct(struct, fields, Math.max(len, m.L.sizes[struct]));
  const q = m.bpf('BPF_OBJ_GET_INFO_BY_FD', { 'info.bpf_fd': fd, 'info.info_len': len, 'info.info': off });
  return { r: q.r, off, attr: q.attr, get: (k) => m.read(off, struct, k) };
}
function noNewFd(fn) {
  const before = openFdCount();
  const r = fn();
  assert.is(openFdCount(), before, 'no fd came back');
  return r;
}

if (kernelTestsCanRun('host-progs.test.mjs')) {
  test('PROG_LOAD of mov r0,0; exit with a verifier log', () => {
    const m = new ModuleMemory();
    const log = m.alloc(4096);
    const { r, attr } = load(m, prog(movR0(0), exit()), { log_level: 1, log_size: 4096, log_buf: log });
    assert.ok(r >= 0, `load: ${r}`);
    assert.match(m.readCstr(log), /processed 2 insns/);
    assert.is(m.read(attr, 'bpf_attr', 'log_buf'), BigInt(log), 'log_buf offset restored');
    host.close(r);
    const bad = load(m, prog(exit()), { log_level: 1, log_size: 4096, log_buf: log });
    assert.is(bad.r, -E.EACCES, 'R0 not initialised');
    assert.match(m.readCstr(log), /R0 !read_ok/);
  });

  test('PROG_LOAD EFAULT: insns, license, log_buf, func_info past the end; no fd', () => {
    const m = new ModuleMemory();
    const p = prog(movR0(0), exit());
    noNewFd(() => {
      assert.is(load(m, p, { insns: m.size - 8 }).r, -E.EFAULT, 'insns');
      m.u8.set(Buffer.from('GPL'), m.size - 3); // no NUL before the end
      assert.is(load(m, p, { license: m.size - 3 }).r, -E.EFAULT, 'license');
      assert.is(load(m, p, { log_level: 1, log_buf: m.size - 100, log_size: 4096 }).r, -E.EFAULT, 'log_buf');
      assert.is(load(m, p, { func_info: m.size - 8, func_info_cnt: 2, func_info_rec_size: 8 }).r, -E.EFAULT, 'func_info');
    });
  });

  test('fd_array is bounded by the highest index the insns use', () => {
    const m = new ModuleMemory();
    const map = mapCreate(m);
    const byIdx = (idx) => prog(ldImm64(1, m.L.c.BPF_PSEUDO_MAP_IDX, idx), movR0(0), exit());
    const arr = m.alloc(8);
    m.dv.setUint32(arr, 999, true);
    m.dv.setUint32(arr + 4, map, true);
    const ok = load(m, byIdx(1), { fd_array: arr });
    assert.ok(ok.r >= 0, `load with fd_array: ${ok.r}`);
    const pi = info(m, ok.r, 'bpf_prog_info', { nr_map_ids: 1, map_ids: m.alloc(4) });
    assert.is(pi.get('nr_map_ids'), 1);
    host.close(ok.r);
    // Two entries at the very end of memory; index 2 would read past it.
    const tail = m.size - 8;
    m.dv.setUint32(tail, map, true);
    m.dv.setUint32(tail + 4, map, true);
    noNewFd(() => assert.is(load(m, byIdx(2), { fd_array: tail }).r, -E.EFAULT));
    noNewFd(() => assert.is(load(m, byIdx(-1), { fd_array: tail }).r, -E.EFAULT, 'negative index'));
    const ok2 = load(m, byIdx(1), { fd_array: tail });
    assert.ok(ok2.r >= 0, 'index 1 fits');
    host.close(ok2.r);
    host.close(map);
  });

  test('PROG_TEST_RUN with data_in/data_out; ENOSPC and capacity 0 as the kernel defines', () => {
    const m = new ModuleMemory();
    const { r: fd } = load(m, prog(movR0(7), exit()));
    assert.ok(fd >= 0);
    const pkt = Buffer.alloc(64, 0xab);
    const din = m.bytes(pkt);
    const dout = m.alloc(128);
    const run = (extra) => m.bpf('BPF_PROG_TEST_RUN', {
      'test.prog_fd': fd, 'test.data_in': din, 'test.data_size_in': 64, 'test.repeat': 1, ...extra,
    });
    const a = run({ 'test.data_out': dout, 'test.data_size_out': 128 });
    assert.is(a.r, 0);
    assert.is(m.read(a.attr, 'bpf_attr', 'test.retval'), 7);
    assert.is(m.read(a.attr, 'bpf_attr', 'test.data_size_out'), 64);
    // Past the Ethernet header (which the kernel rebuilds for a non-L2 program) the
    // packet comes back as sent.
    assert.equal([...m.u8.slice(dout + 14, dout + 64)], [...pkt.subarray(14)]);
    assert.is(m.read(a.attr, 'bpf_attr', 'test.data_out'), BigInt(dout), 'data_out offset restored');
    const small = run({ 'test.data_out': m.alloc(16), 'test.data_size_out': 16 });
    assert.is(small.r, -E.ENOSPC);
    assert.is(m.read(small.attr, 'bpf_attr', 'test.data_size_out'), 64, 'the full size is reported');
    // Capacity 0 means "copy everything" to the kernel: bounded by the rest of memory.
    const zero = run({ 'test.data_out': m.alloc(64), 'test.data_size_out': 0 });
    assert.is(zero.r, 0);
    assert.is(m.read(zero.attr, 'bpf_attr', 'test.data_size_out'), 64);
    const atEnd = m.size - 16;
    m.u8.fill(0x11, atEnd, m.size);
    const end0 = run({ 'test.data_out': atEnd, 'test.data_size_out': 0 });
    assert.is(end0.r, -E.ENOSPC, 'rest of memory too small');
    assert.equal([...m.u8.slice(atEnd + 14, m.size)], [...pkt.subarray(14, 16)], 'writes stop at the end');
    for (const [what, extra] of [
      ['data_in', { 'test.data_in': m.size - 32 }],
      ['data_out', { 'test.data_out': m.size - 32, 'test.data_size_out': 64 }],
      ['ctx_in', { 'test.ctx_in': m.size - 4, 'test.ctx_size_in': 8 }],
      ['ctx_out', { 'test.ctx_out': m.size - 4, 'test.ctx_size_out': 8 }],
    ])
      assert.is(run(extra).r, -E.EFAULT, what);
    host.close(fd);
  });

  test('BTF_LOAD of a minimal blob; EINVAL with a log for a broken one; EFAULT past the end', () => {
    const m = new ModuleMemory();
    const blob = minimalBtf();
    const { r: btf } = m.bpf('BPF_BTF_LOAD', { btf: m.bytes(blob), btf_size: blob.length });
    assert.ok(btf >= 0, `btf load ${btf}`);
    const broken = Buffer.from(blob);
    broken.writeUInt32LE(99, 24); // name_off past the string section
    const log = m.alloc(1024);
    const bad = m.bpf('BPF_BTF_LOAD', {
      btf: m.bytes(broken), btf_size: broken.length, btf_log_buf: log, btf_log_size: 1024, btf_log_level: 1,
    });
    assert.is(bad.r, -E.EINVAL);
    assert.ok(m.readCstr(log).length > 0, 'log written');
    noNewFd(() => {
      assert.is(m.bpf('BPF_BTF_LOAD', { btf: m.size - 10, btf_size: blob.length }).r, -E.EFAULT);
      assert.is(m.bpf('BPF_BTF_LOAD', {
        btf: m.bytes(blob), btf_size: blob.length, btf_log_buf: m.size - 8, btf_log_size: 64, btf_log_level: 1,
      }).r, -E.EFAULT);
    });
    // Info on the BTF object: the blob and its (empty) name come back through buffers.
    const buf = m.alloc(blob.length);
    const name = m.alloc(16);
    const bi = info(m, btf, 'bpf_btf_info', { btf: buf, btf_size: blob.length, name, name_len: 16 });
    assert.is(bi.r, 0);
    assert.equal(Buffer.from(m.u8.slice(buf, buf + blob.length)), blob);
    assert.is(bi.get('btf'), BigInt(buf), 'nested offset restored');
    assert.ok(bi.get('id') > 0);
    assert.is(info(m, btf, 'bpf_btf_info', { btf: m.size - 8, btf_size: blob.length }).r, -E.EFAULT);
    const got = m.bpf('BPF_BTF_GET_FD_BY_ID', { btf_id: bi.get('id') });
    assert.ok(got.r >= 0);
    host.close(got.r);
    host.close(btf);
  });

  test('OBJ_GET_INFO_BY_FD for a program: map_ids, xlated insns and tags through nested buffers', () => {
    const m = new ModuleMemory();
    const map = mapCreate(m);
    const { r: fd } = load(m, prog(ldImm64(1, m.L.c.BPF_PSEUDO_MAP_FD, map), movR0(0), exit()), { prog_name: 'hostprog' });
    assert.ok(fd >= 0, `${fd}`);
    const mapIds = m.alloc(16);
    const xl = m.alloc(256);
    const tags = m.alloc(8);
    const pi = info(m, fd, 'bpf_prog_info', {
      nr_map_ids: 4, map_ids: mapIds, xlated_prog_len: 256, xlated_prog_insns: xl, nr_prog_tags: 1, prog_tags: tags,
    });
    assert.is(pi.r, 0);
    const mi = info(m, map, 'bpf_map_info');
    assert.is(pi.get('nr_map_ids'), 1);
    assert.is(m.dv.getUint32(mapIds, true), mi.get('id'));
    assert.is(pi.get('xlated_prog_len'), 32);
    assert.is(pi.get('map_ids'), BigInt(mapIds));
    assert.is(pi.get('xlated_prog_insns'), BigInt(xl));
    const tagAt = pi.off + m.L.bpf_prog_info.tag.offset;
    assert.equal([...m.u8.slice(tags, tags + 8)], [...m.u8.slice(tagAt, tagAt + 8)], 'prog_tags[0] is the tag');
    assert.is(m.readCstr(pi.off + m.L.bpf_prog_info.name.offset), 'hostprog');
    assert.is(pi.get('type'), m.L.c.BPF_PROG_TYPE_SOCKET_FILTER);
    // Each nested pointer is checked: nr_map_ids=4 at 8 bytes from the end.
    for (const f of [
      { nr_map_ids: 4, map_ids: m.size - 8 },
      { xlated_prog_len: 256, xlated_prog_insns: m.size - 16 },
      { nr_jited_ksyms: 2, jited_ksyms: m.size - 8 },
      { nr_prog_tags: 2, prog_tags: m.size - 8 },
    ]) {
      m.u8.fill(0x5a, m.size - 16, m.size);
      assert.is(info(m, fd, 'bpf_prog_info', f).r, -E.EFAULT, JSON.stringify(Object.keys(f)));
      assert.ok(m.u8.slice(m.size - 16).every((b) => b === 0x5a), 'nothing written');
    }
    // info_len larger than this header's struct: zeros only (E2BIG otherwise), clamped.
    const big = m.L.sizes.bpf_prog_info + 16;
    const z = info(m, fd, 'bpf_prog_info', {}, big);
    assert.is(z.r, 0);
    assert.is(m.read(z.attr, 'bpf_attr', 'info.info_len'), m.L.sizes.bpf_prog_info);
    const nz = m.struct('bpf_prog_info', {}, big);
    m.u8[nz + big - 1] = 1;
    assert.is(m.bpf('BPF_OBJ_GET_INFO_BY_FD', { 'info.bpf_fd': fd, 'info.info_len': big, 'info.info': nz }).r, -E.E2BIG);
    // The struct itself must lie in memory; non-BPF and closed fds fail like the kernel.
    assert.is(info(m, fd, 'bpf_prog_info', {}).r, 0);
    assert.is(m.bpf('BPF_OBJ_GET_INFO_BY_FD', { 'info.bpf_fd': fd, 'info.info_len': 64, 'info.info': m.size - 32 }).r, -E.EFAULT);
    assert.is(info(m, 0, 'bpf_map_info').r, -E.EINVAL, 'stdin is no BPF object');
    assert.is(info(m, 9999, 'bpf_map_info').r, -E.EBADF);
    host.close(fd);
    host.close(map);
  });

  test('GET_NEXT_ID walks to our objects; GET_FD_BY_ID opens them; ENOENT past the last', () => {
    const m = new ModuleMemory();
    const map = mapCreate(m);
    const { r: fd } = load(m, prog(movR0(0), exit()));
    const progId = info(m, fd, 'bpf_prog_info').get('id');
    const mapId = info(m, map, 'bpf_map_info').get('id');
    for (const [next, byId, id] of [
      ['BPF_PROG_GET_NEXT_ID', 'BPF_PROG_GET_FD_BY_ID', progId],
      ['BPF_MAP_GET_NEXT_ID', 'BPF_MAP_GET_FD_BY_ID', mapId],
    ]) {
      const ids = [];
      let cur = 0;
      for (;;) {
        const { r, attr } = m.bpf(next, { start_id: cur });
        if (r === -E.ENOENT) break;
        assert.is(r, 0);
        cur = m.read(attr, 'bpf_attr', 'next_id');
        ids.push(cur);
      }
      assert.ok(ids.includes(id), `${next} finds ${id}`);
      const got = m.bpf(byId, { start_id: id });
      assert.ok(got.r >= 0);
      host.close(got.r);
      noNewFd(() => assert.is(m.bpf(byId, { start_id: 0x7ffffff0 }).r, -E.ENOENT));
    }
    for (const next of ['BPF_BTF_GET_NEXT_ID', 'BPF_LINK_GET_NEXT_ID']) {
      let cur = 0;
      let r;
      for (let i = 0; i < 100000; i++) {
        const q = m.bpf(next, { start_id: cur });
        if ((r = q.r) !== 0) break;
        cur = m.read(q.attr, 'bpf_attr', 'next_id');
      }
      assert.is(r, -E.ENOENT, `${next} ends with ENOENT`);
    }
    assert.is(m.bpf('BPF_MAP_GET_NEXT_ID', { start_id: 0x7fffffff }).r, -E.EINVAL, 'ids stop below INT_MAX');
    host.close(fd);
    host.close(map);
  });

  test('PROG_BIND_MAP adds a map to a program; a bad map fd is EBADF', () => {
    const m = new ModuleMemory();
    const map = mapCreate(m);
    const { r: fd } = load(m, prog(movR0(0), exit()));
    assert.is(m.bpf('BPF_PROG_BIND_MAP', { 'prog_bind_map.prog_fd': fd, 'prog_bind_map.map_fd': map }).r, 0);
    assert.is(info(m, fd, 'bpf_prog_info').get('nr_map_ids'), 1);
    assert.is(m.bpf('BPF_PROG_BIND_MAP', { 'prog_bind_map.prog_fd': fd, 'prog_bind_map.map_fd': 9999 }).r, -E.EBADF);
    host.close(fd);
    host.close(map);
  });

  test('ENABLE_STATS returns an fd; an unknown type is EINVAL', () => {
    const m = new ModuleMemory();
    const { r } = m.bpf('BPF_ENABLE_STATS', { 'enable_stats.type': m.L.c.BPF_STATS_RUN_TIME });
    assert.ok(r >= 0, `${r}`);
    host.close(r);
    noNewFd(() => assert.is(m.bpf('BPF_ENABLE_STATS', { 'enable_stats.type': 77 }).r, -E.EINVAL));
  });
}

runWithFdCheck(test);
