// The bpf() pointer table against the vendored bpf.h: every offset it declares, every
// enum bpf_cmd value, and the checks the host makes before the kernel is ever called.
// Needs cc, not root.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { headerLayout, uapiDir } from './helpers/attr.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { CMD, E, ModuleMemory, host } from './helpers/host.mjs';
import { repoRoot } from './helpers/objects.mjs';

const test = suite('host pointer table');
const table = host.pointerTable();

test('every (struct, field) offset in the table matches offsetof() in the vendored bpf.h', () => {
  const refs = [];
  const add = (struct, field, offset, what) => refs.push({ struct, field, offset, what });
  for (const r of table) {
    if (r.role === 'info-struct') continue;
    add(r.struct, r.field, r.offset, `${r.cmd} ${r.role}`);
    for (const f of r.lengthFields ?? []) add(f.struct, f.field, f.offset, `${r.cmd} ${r.field} length`);
    if (r.when) add(r.when.struct, r.when.field, r.when.offset, `${r.cmd} ${r.field} selector`);
    if (r.limit) add(r.limit.struct, r.limit.field, r.limit.offset, `${r.cmd} limit`);
  }
  const infoStructs = table.filter((r) => r.role === 'info-struct');
  const h = headerLayout({
    fields: refs,
    structs: ['bpf_attr', ...infoStructs.map((s) => s.struct)],
    constants: [...new Set(table.filter((r) => r.role === 'last-field').map((r) => r.cmd))],
  });
  assert.ok(refs.length > 60, `${refs.length} field references`);
  for (const r of refs) {
    const got = h.fields.get(`${r.struct}.${r.field}`);
    assert.ok(got, `${r.struct}.${r.field} is in the header`);
    assert.is(r.offset, got.offset, `${r.what}: offsetof(${r.struct}, ${r.field})`);
  }
  for (const r of table.filter((x) => x.role === 'last-field')) {
    const f = h.fields.get(`bpf_attr.${r.field}`);
    assert.is(r.end, f.offset + f.size, `${r.cmd}: end of ${r.field}`);
    assert.is(r.cmdValue, h.constants[r.cmd], `${r.cmd} value`);
  }
  for (const s of infoStructs) assert.is(s.size, h.sizes[s.struct], `sizeof ${s.struct}`);
  for (const r of table.filter((x) => x.role === 'pointer'))
    assert.is(h.fields.get(`${r.struct}.${r.field}`).size, 8, `${r.struct}.${r.field} is 64-bit`);
});

test('the table covers exactly the enum bpf_cmd of the vendored bpf.h', () => {
  const text = readFileSync(join(uapiDir, 'linux', 'bpf.h'), 'utf8');
  const body = text.match(/enum bpf_cmd \{([\s\S]*?)\};/)[1];
  const names = [...body.matchAll(/^\s*(BPF_[A-Z_]+)\s*,/gm)].map((m) => m[1]);
  const cmds = table.filter((r) => r.role === 'last-field').map((r) => r.cmd);
  assert.equal(cmds, names);
  assert.equal(
    table.filter((r) => r.role === 'last-field').map((r) => r.cmdValue),
    names.map((_, i) => i),
  );
});

test('the pointer rows name the fields the brief lists', () => {
  const has = (cmd, field) => table.some((r) => r.role === 'pointer' && r.cmd === cmd && r.field === field);
  for (const [cmd, field] of [
    ['BPF_MAP_LOOKUP_ELEM', 'key'], ['BPF_MAP_LOOKUP_ELEM', 'value'], ['BPF_MAP_GET_NEXT_KEY', 'next_key'],
    ['BPF_PROG_LOAD', 'insns'], ['BPF_PROG_LOAD', 'license'], ['BPF_PROG_LOAD', 'log_buf'],
    ['BPF_PROG_LOAD', 'fd_array'], ['BPF_PROG_LOAD', 'core_relos'], ['BPF_OBJ_PIN', 'pathname'],
    ['BPF_PROG_TEST_RUN', 'test.data_out'], ['BPF_OBJ_GET_INFO_BY_FD', 'info.info'],
    ['BPF_OBJ_GET_INFO_BY_FD', 'map_ids'], ['BPF_OBJ_GET_INFO_BY_FD', 'prog_tags'],
    ['BPF_OBJ_GET_INFO_BY_FD', 'raw_tracepoint.tp_name'], ['BPF_BTF_LOAD', 'btf_log_buf'],
    ['BPF_PROG_QUERY', 'query.prog_ids'], ['BPF_TASK_FD_QUERY', 'task_fd_query.buf'],
    ['BPF_LINK_CREATE', 'link_create.kprobe_multi.syms'], ['BPF_MAP_LOOKUP_BATCH', 'batch.values'],
  ])
    assert.ok(has(cmd, field), `${cmd} ${field}`);
  const noPtr = ['BPF_MAP_CREATE', 'BPF_ITER_CREATE', 'BPF_MAP_FREEZE', 'BPF_LINK_DETACH'];
  for (const cmd of noPtr) assert.not.ok(table.some((r) => r.role === 'pointer' && r.cmd === cmd), cmd);
});

test('a command not in the table is EINVAL and the attr is untouched', () => {
  const m = new ModuleMemory(1);
  const attr = m.alloc(144);
  m.u8.fill(0, attr, attr + 144);
  const n = table.filter((r) => r.role === 'last-field').length;
  for (const cmd of [n, n + 1, 1000, 0xffffffff]) assert.is(host.bpf(m.buf, cmd, attr, 144), -E.EINVAL);
});

test('attr itself must lie in memory; a larger attr needs a zero tail; command tails must be zero', () => {
  const m = new ModuleMemory(1);
  const size = m.L.sizes.bpf_attr;
  assert.is(host.bpf(m.buf, CMD.BPF_MAP_FREEZE, 0, 8), -E.EFAULT, 'NULL attr');
  assert.is(host.bpf(m.buf, CMD.BPF_MAP_FREEZE, m.size - 4, 8), -E.EFAULT, 'attr past the end');
  assert.is(host.bpf(m.buf, CMD.BPF_MAP_FREEZE, 0xfffffff0, 32), -E.EFAULT, 'offset wraps');
  const attr = m.alloc(size + 16);
  m.u8[attr + size + 3] = 1;
  assert.is(host.bpf(m.buf, CMD.BPF_MAP_FREEZE, attr, size + 16), -E.E2BIG, 'nonzero tail past bpf_attr');
  m.u8[attr + size + 3] = 0;
  // MAP_CREATE ends at map_extra; a newer kernel reads more (some of it pointers).
  const end = table.find((r) => r.cmd === 'BPF_MAP_CREATE' && r.role === 'last-field').end;
  m.u8[attr + end] = 1;
  assert.is(host.bpf(m.buf, CMD.BPF_MAP_CREATE, attr, size), -E.EINVAL, 'byte past the command');
  const q = table.find((r) => r.cmd === 'BPF_PROG_QUERY' && r.role === 'last-field').end;
  m.u8.fill(0, attr, attr + size);
  m.u8[attr + q + 2] = 7; // where a newer kernel has query.link_ids
  assert.is(host.bpf(m.buf, CMD.BPF_PROG_QUERY, attr, size), -E.EINVAL);
});

test('LINK_CREATE attach types newer than the header are refused', () => {
  const m = new ModuleMemory(1);
  const { r } = m.bpf('BPF_LINK_CREATE', {
    'link_create.prog_fd': 0,
    'link_create.attach_type': m.L.c.__MAX_BPF_ATTACH_TYPE,
  });
  assert.is(r, -E.EINVAL);
});

test('a pointer truncated by size is refused (EFAULT) rather than half-translated', () => {
  const m = new ModuleMemory(1);
  const key = m.L.bpf_attr.key.offset;
  const attr = m.struct('bpf_attr', { key: 0x1234 });
  for (const cut of [1, 4, 7])
    assert.is(host.bpf(m.buf, CMD.BPF_MAP_LOOKUP_ELEM, attr, key + cut), -E.EFAULT, `cut after ${cut}`);
});

test('every raw capability the addon exports is listed in host/README.md "Outside the sandbox"', () => {
  const readme = readFileSync(join(repoRoot, 'host/README.md'), 'utf8');
  const section = readme.split('## Outside the sandbox')[1]?.split('\n## ')[0] ?? '';
  const listed = new Set();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
    for (const [, name] of line.split('|')[1].matchAll(/`(\w+)`/g)) listed.add(name);
  }
  const exported = Object.keys(host).filter((k) => k !== 'pointerTable').sort();
  assert.equal(exported, [...listed].sort(), 'a new export needs a row (what a caller can do with it)');
});

test('wrong JS argument types throw TypeError', () => {
  const m = new ModuleMemory(1);
  assert.throws(() => host.bpf(new ArrayBuffer(8), '1', 0, 0), TypeError);
  assert.throws(() => host.bpf(new Uint8Array(8), 1, 0, 0), TypeError);
  assert.throws(() => host.bpf(new SharedArrayBuffer(8), 1, 0, 0), TypeError);
  assert.throws(() => host.bpf(m.buf, 1, 0n, 0), TypeError);
  assert.throws(() => host.lseek(0, 'x', 0), TypeError);
  assert.throws(() => host.close(), TypeError);
});

runWithFdCheck(test);
