// A size-bounded struct whose length ends inside a pointer field (attr's `size`,
// OBJ_GET_INFO_BY_FD's `info_len`): the kernel reads only the covered low bytes, so a
// translated field would hand it part of a native address. The host must refuse such a
// call with EFAULT before the syscall, for every pointer of every info struct it knows,
// and leave module memory untouched.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exit, minimalBtf, movR0, prog } from './helpers/bpf-progs.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { E, ModuleMemory, host } from './helpers/host.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';

const test = suite('host partial pointers');
const table = host.pointerTable();

function load(m, type) {
  const insns = prog(movR0(0), exit());
  const { r } = m.bpf('BPF_PROG_LOAD', {
    prog_type: m.L.c[type], insns: m.bytes(insns), insn_cnt: insns.length / 8, license: m.cstr('GPL'),
  });
  assert.ok(r >= 0, `load ${type}: ${r}`);
  return r;
}

// One object of each info kind, with the link type the table's `when` selectors read.
function objects(m) {
  const blob = minimalBtf();
  const btf = m.bpf('BPF_BTF_LOAD', { btf: m.bytes(blob), btf_size: blob.length }).r;
  assert.ok(btf >= 0, `btf ${btf}`);
  const progFd = load(m, 'BPF_PROG_TYPE_SOCKET_FILTER');
  const tp = load(m, 'BPF_PROG_TYPE_RAW_TRACEPOINT');
  const link = m.bpf('BPF_RAW_TRACEPOINT_OPEN', {
    'raw_tracepoint.name': m.cstr('sys_enter'), 'raw_tracepoint.prog_fd': tp,
  }).r;
  assert.ok(link >= 0, `raw tp link ${link}`);
  return {
    fds: [btf, progFd, tp, link],
    byKind: {
      'bpf-prog': { fd: progFd },
      btf: { fd: btf },
      bpf_link: { fd: link, type: m.L.c.BPF_LINK_TYPE_RAW_TRACEPOINT },
    },
  };
}

// info call with info_len = len on a struct whose bytes are `bytes` (a full-size buffer).
function infoCall(m, fd, bytes, len) {
  const off = m.bytes(bytes);
  return m.bpf('BPF_OBJ_GET_INFO_BY_FD', { 'info.bpf_fd': fd, 'info.info_len': len, 'info.info': off }).r;
}

const snapshot = (m) => Buffer.from(m.u8);

if (kernelTestsCanRun('host-partial-pointers.test.mjs')) {
  test('every info-struct pointer cut by info_len is refused with EFAULT; memory untouched', () => {
    const m = new ModuleMemory();
    const o = objects(m);
    const rows = table.filter((r) => r.role === 'pointer' && r.fdKind);
    assert.ok(rows.length >= 10, 'the table lists the info pointers');
    let checked = 0;
    for (const row of rows) {
      const obj = o.byKind[row.fdKind];
      if (!obj) continue; // bpf-map info has no pointers
      if (row.when && row.when.value !== obj.type) continue; // another union member
      const size = m.L.sizes[row.struct];
      const target = m.alloc(64);
      for (const cut of [1, 4, 7]) {
        const bytes = Buffer.alloc(size);
        bytes.writeBigUInt64LE(BigInt(target), row.offset);
        const before = snapshot(m);
        const at = m.next; // where infoCall puts the struct and attr: excluded from the compare
        const r = infoCall(m, obj.fd, bytes, row.offset + cut);
        assert.is(r, -E.EFAULT, `${row.struct}.${row.field} cut after ${cut} bytes`);
        assert.ok(snapshot(m).subarray(0, at).equals(before.subarray(0, at)), `${row.field}: memory untouched`);
      }
      checked++;
    }
    assert.ok(checked >= 12, `checked ${checked} fields`); // 9 prog, 2 btf, 1 raw_tracepoint link
    for (const fd of o.fds) host.close(fd);
  });

  test('a cut pointer whose covered bytes are zero is NULL to the kernel: the call runs', () => {
    const m = new ModuleMemory();
    const o = objects(m);
    const xl = m.L.bpf_prog_info.xlated_prog_insns.offset;
    const bytes = Buffer.alloc(m.L.sizes.bpf_prog_info);
    bytes.writeBigUInt64LE(0xabcd_0000_0000n, xl); // non-zero only past the cut
    assert.is(infoCall(m, o.byKind['bpf-prog'].fd, bytes, xl + 4), 0);
    // And a pointer wholly past info_len is not the kernel's business either.
    bytes.writeBigUInt64LE(0x1234n, xl);
    assert.is(infoCall(m, o.byKind['bpf-prog'].fd, bytes, xl), 0);
    for (const fd of o.fds) host.close(fd);
  });

  test('a cut pointer whose length the kernel sees is refused before the kernel writes', () => {
    const m = new ModuleMemory();
    const o = objects(m);
    const L = m.L.bpf_prog_info;
    const out = m.alloc(256);
    m.u8.fill(0x5a, out, out + 256);
    const bytes = Buffer.alloc(m.L.sizes.bpf_prog_info);
    bytes.writeUInt32LE(256, L.xlated_prog_len.offset);
    bytes.writeBigUInt64LE(BigInt(out), L.xlated_prog_insns.offset);
    const full = infoCall(m, o.byKind['bpf-prog'].fd, bytes, m.L.sizes.bpf_prog_info);
    assert.is(full, 0, 'the whole struct works');
    assert.ok(m.u8.slice(out, out + 16).some((b) => b !== 0x5a), 'insns came back');
    m.u8.fill(0x5a, out, out + 256);
    const before = snapshot(m);
    const at = m.next;
    assert.is(infoCall(m, o.byKind['bpf-prog'].fd, bytes, L.xlated_prog_insns.offset + 4), -E.EFAULT);
    assert.ok(snapshot(m).subarray(0, at).equals(before.subarray(0, at)), 'memory untouched');
    for (const fd of o.fds) host.close(fd);
  });
}

runWithFdCheck(test);
