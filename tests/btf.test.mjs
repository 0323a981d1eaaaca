// BTF through libbpf's btf__* functions in the module (obj.btf, KernelBtf): every type of
// an object described as bpftool describes it (bpftool btf dump -j, the same BTF read by
// native libbpf), kernel BTF (vmlinux, by id), and bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfObject, KernelBtf, LibbpfError } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testObject } from './helpers/objects.mjs';
import { bpftoolJson } from './helpers/bpftool.mjs';

const quiet = { logger: () => {} };
const file = testObject('typed_values');
const bpftoolTypes = (args) => bpftoolJson(['btf', 'dump', ...args]).types;
const LINKAGE = { static: 0, global: 1, extern: 2 };

/** bpftool's JSON for a type, in the shape of our description (the fields both have). */
function fromBpftool(t) {
  const name = t.name === '(anon)' ? '' : t.name;
  const base = { id: t.id, kind: t.kind, name };
  switch (t.kind) {
    case 'INT':
      return { ...base, size: t.size, bits: t.nr_bits, bitOffset: t.bits_offset, enc: t.encoding };
    case 'PTR': case 'TYPEDEF': case 'VOLATILE': case 'CONST': case 'RESTRICT': case 'TYPE_TAG':
      return { ...base, type: t.type_id };
    case 'ARRAY':
      return { ...base, type: t.type_id, indexType: t.index_type_id, nelems: t.nr_elems };
    case 'STRUCT': case 'UNION':
      return {
        ...base, size: t.size,
        members: t.members.map((m) => ({ name: m.name === '(anon)' ? '' : m.name, type: m.type_id, bitOffset: m.bits_offset, bitfieldSize: m.bitfield_size ?? 0 })),
      };
    case 'ENUM':
      // bpftool 7.1 widens a u32 value as if signed: compare the 32 bits.
      return { ...base, size: t.size, values: t.values.map((v) => ({ name: v.name, value: Number(BigInt.asUintN(32, BigInt(v.val))) })) };
    case 'FUNC': return { ...base, type: t.type_id, linkage: LINKAGE[t.linkage] };
    case 'FUNC_PROTO': return { ...base, type: t.ret_type_id, params: t.params.map((p) => ({ name: p.name === '(anon)' ? '' : p.name, type: p.type_id })) };
    case 'VAR': return { ...base, type: t.type_id };
    case 'FWD': return { ...base, union: t.fwd_kind === 'union' };
    case 'FLOAT': return { ...base, size: t.size };
    default: return base;
  }
}

function ours(t) {
  if (t.kind === 'INT') {
    const { signed, char, bool, ...rest } = t;
    return { ...rest, enc: bool ? 'BOOL' : char ? 'CHAR' : signed ? 'SIGNED' : '(none)' };
  }
  if (t.kind === 'ENUM') return { id: t.id, kind: t.kind, name: t.name, size: t.size, values: t.values.map((v) => ({ name: v.name, value: Number(BigInt.asUintN(32, BigInt(v.value))) })) };
  if (t.kind === 'VAR') return { id: t.id, kind: t.kind, name: t.name, type: t.type };
  if (t.kind === 'DATASEC') return { id: t.id, kind: t.kind, name: t.name };
  return t;
}

test('obj.btf describes every type of the object as bpftool does', () => {
  const theirs = bpftoolTypes(['file', file]);
  const obj = BpfObject.open(file, quiet);
  try {
    const btf = obj.btf;
    assert.is(btf.typeCount, theirs.length + 1);
    for (const t of theirs) assert.equal(ours(btf.typeById(t.id)), fromBpftool(t), `type ${t.id} (${t.kind} ${t.name})`);
    assert.equal(btf.typeById(0), { id: 0, kind: 'UNKN', name: '' });
    const kinds = new Set([...btf.types()].map((t) => t.kind));
    for (const k of ['INT', 'PTR', 'ARRAY', 'STRUCT', 'UNION', 'ENUM', 'TYPEDEF', 'CONST', 'VOLATILE', 'FUNC', 'FUNC_PROTO', 'VAR', 'DATASEC']) {
      assert.ok(kinds.has(k), `the test object has a ${k}`);
    }
  } finally {
    obj.close();
  }
});

test('typeByName with and without kind; bitfields, enums and libbpf-finalized DATASECs', () => {
  const obj = BpfObject.open(file, quiet);
  try {
    const btf = obj.btf;
    const bits = btf.typeByName('bits', 'STRUCT');
    assert.equal(bits.members.map((m) => [m.name, m.bitOffset, m.bitfieldSize]),
      [['a', 0, 3], ['b', 3, 5], ['c', 8, 7], ['d', 19, 40], ['e', 59, 4], ['f', 63, 1], ['g', 64, 33]]);
    assert.is(btf.typeByName('color').kind, 'ENUM');
    assert.equal(btf.typeByName('color', 'ENUM').values.map((v) => v.name), ['RED', 'GREEN', 'BLUE']);
    assert.is(btf.typeByName('color', 'STRUCT'), undefined);
    assert.is(btf.typeByName('no_such_type'), undefined);
    // The file says size 0 for .bss (clang leaves it to the loader); libbpf's BTF has the real size.
    const bss = btf.typeByName('.bss', 'DATASEC');
    assert.is(bss.size, 8);
    assert.equal(bss.vars.map((v) => btf.typeById(v.type).name), ['event_count']);
    assert.is(btf.sizeOf(btf.typeByName("flow", "STRUCT").id), 104);
    assert.is(obj.map('flows').keyType.name, 'endpoint');
    assert.equal([obj.map('ints_map').keyType.kind, obj.map('ints_map').keyType.name], ['TYPEDEF', '__u32']);
    assert.equal([obj.map('ints_map').valueType.kind, obj.map('ints_map').valueType.name], ['STRUCT', 'ints']);
    assert.is(obj.map('.rodata').valueType.kind, 'DATASEC');
  } finally {
    obj.close();
  }
});

test('bad input: TypeError / RangeError, the object still usable', () => {
  const obj = BpfObject.open(file, quiet);
  try {
    const btf = obj.btf;
    assert.throws(() => btf.typeById(btf.typeCount), (e) => e instanceof RangeError && /no type \d+/.test(e.message));
    assert.throws(() => btf.typeById(-1), RangeError);
    assert.throws(() => btf.typeById('1'), TypeError);
    assert.throws(() => btf.typeByName(1), TypeError);
    assert.throws(() => btf.typeByName('bi\0ts'), (e) => e instanceof TypeError && /NUL/.test(e.message));
    assert.throws(() => btf.typeByName('bits', 'STRUKT'), (e) => e instanceof TypeError && /unknown kind 'STRUKT'/.test(e.message));
    assert.throws(() => btf.sizeOf(btf.typeByName('count_packets').id), RangeError);
    assert.is(btf.typeByName('bits').name, 'bits');
  } finally {
    obj.close();
  }
  assert.throws(() => obj.btf.typeCount, (e) => e instanceof LibbpfError && e.code === 'EBADF');
});

if (kernelTestsCanRun('btf.test.mjs')) {
  test('KernelBtf.loadVmlinux: the kernel BTF, as bpftool reads it', () => {
    const theirs = bpftoolTypes(['file', '/sys/kernel/btf/vmlinux']);
    const v = KernelBtf.loadVmlinux();
    try {
      assert.is(v.typeCount, theirs.length + 1);
      const task = v.typeByName('task_struct', 'STRUCT');
      assert.equal(ours(task), fromBpftool(theirs[task.id - 1]));
      for (const id of [1, 2, 100, 1000, theirs.length]) assert.equal(ours(v.typeById(id)), fromBpftool(theirs[id - 1]));
    } finally {
      v.close();
    }
    assert.ok(v.closed);
    assert.throws(() => v.typeById(1), (e) => e instanceof LibbpfError && e.code === 'EBADF');
  });

  test('KernelBtf.fromId: a loaded object\'s BTF from the kernel; unknown id: ENOENT', () => {
    const fs = mountBpffs();
    const obj = BpfObject.open(file, quiet);
    try {
      obj.load();
      const m = obj.map('flows');
      m.pin(`${fs.dir}/flows`);
      const { btf_id: btfId } = bpftoolJson(['map', 'show', 'pinned', `${fs.dir}/flows`]);
      const k = KernelBtf.fromId(btfId);
      try {
        const flow = k.typeByName('flow', 'STRUCT');
        assert.equal(flow.members.map((x) => x.name), ['src', 'dst', 'stats', 'matrix']);
        assert.is(k.sizeOf(flow.id), 104);
      } finally {
        k.close();
      }
      m.unpin(`${fs.dir}/flows`);
    } finally {
      obj.close();
      fs.cleanup();
    }
    assert.throws(() => KernelBtf.fromId(0x7ffffff0), (e) => e instanceof LibbpfError && e.code === 'ENOENT');
    assert.throws(() => KernelBtf.fromId(-1), RangeError);
  });
}

runWithFdCheck(test);
