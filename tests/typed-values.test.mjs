// Typed map access (map.get/set/typedEntries) on maps of many value types, checked
// against bpftool, which decodes the same pinned maps through the same BTF with its own
// code (bpftool map dump -j "formatted"); round trips; shape errors naming the field path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { BpfObject, MapHandle, UpdateFlags, LibbpfError } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testObject } from './helpers/objects.mjs';
import { bpftoolJson } from './helpers/bpftool.mjs';

const quiet = { logger: () => {} };
const file = testObject('typed_values');

const counters = (p, b) => ({ packets: BigInt(p), bytes: BigInt(b) });
const endpoint = (addr, port) => ({ addr, port });
const flow = (n) => ({
  src: endpoint(0x0a000001 + n, 80), dst: endpoint(0xc0a80001, 65535 - n),
  stats: [counters(1, 2), counters(n, 2n ** 64n - 1n), counters(0, 0), counters(2n ** 53n + 1n, 7)],
  matrix: [[1, 2, 3], [4, 5, 4294967295]],
});
const ints = (n) => ({
  u8: 255 - n, s8: -128 + n, u16: 65535, s16: -32768, u32: 4294967295 - n, s32: -2147483648 + n,
  u64: 2n ** 64n - 1n - BigInt(n), s64: -(2n ** 63n) + BigInt(n), flag: n % 2 === 0, c: 65 + n, color: ['RED', 'GREEN', 'BLUE'][n % 3],
});

/** What the test writes, map by map: [key, value] pairs. */
function fixtures(cpus) {
  return {
    ints_map: [[0, ints(0)], [1, ints(1)], [7, ints(2)], [4294967295, { ...ints(3), color: 77 }]],
    names_map: [
      [0, { comm: 'hello', empty: '', raw: [1, 2, 3, 255], binary: new Uint8Array([1, 200, 3, 0, 0, 0]) }],
      [1, { comm: '123456789012345', empty: '~ !"#$%', raw: [0, 0, 0, 0], binary: 'ab' }],
      [2, { comm: '', empty: '', raw: [9, 9, 9, 9], binary: new Uint8Array([0x41, 0x42, 0x43, 0x44, 0x45, 0x46]) }],
    ],
    flows: [[endpoint(1, 2), flow(1)], [endpoint(4294967295, 65535), flow(2)]],
    bits_map: [
      [0, { a: 5, b: 31, c: 63, d: 2n ** 40n - 1n, e: 'GREEN', f: true, g: 2n ** 32n - 1n }],
      [1, { a: 0, b: 1, c: 0, d: 0n, e: 'RED', f: false, g: 0n }],
      [2, { a: 7, b: 0, c: 1, d: 12345678901n, e: 15, f: true, g: 1n }],
    ],
    tagged_map: [
      [5n, { kind: 1, ival: 0x12345678, sval: 0x5678, num: { u: 0x1122334455667788n, i: 0x55667788, halves: [0x7788, 0x5566, 0x3344, 0x1122] } }],
      [2n ** 64n - 1n, { kind: 2, ival: 0xffff8000, sval: -32768, num: { u: 2n ** 64n - 1n, i: -1, halves: [65535, 65535, 65535, 65535] } }],
    ],
    colors: [['BLUE', -7n], ['GREEN', 2n ** 63n - 1n], [77, -(2n ** 63n)]],
    percpu_stats: [[0, Array.from({ length: cpus }, (_, i) => counters(i + 1, 1000 * (i + 1)))], [3, Array.from({ length: cpus }, () => counters(0, 2n ** 64n - 1n))]],
    percpu_small: [[3, Array.from({ length: cpus }, (_, i) => i * 1000)], [65535, Array.from({ length: cpus }, () => 4294967295)]],
  };
}

// ---- bpftool's formatted JSON against ours, through the BTF ---------------------------
const MODS = new Set(['TYPEDEF', 'CONST', 'VOLATILE', 'RESTRICT', 'TYPE_TAG']);
function resolve(btf, id) {
  let t = btf.typeById(id);
  while (MODS.has(t.kind)) t = btf.typeById(t.type);
  return t;
}
const isChar = (btf, id) => {
  let t = btf.typeById(id);
  while (t.kind === 'CONST' || t.kind === 'VOLATILE') t = btf.typeById(t.type);
  return t.kind === 'INT' && t.size === 1 && (t.char || t.name === 'char');
};
/** The integer a scalar of ours stands for (enum names through the BTF, bools as 0/1). */
function integerOf(btf, id, v) {
  const t = resolve(btf, id);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return BigInt(t.values.find((x) => x.name === v).value);
  return BigInt(v);
}

function compare(btf, id, ours, theirs, path) {
  const t = resolve(btf, id);
  const fail = (why) => assert.unreachable(`${path}: ${why}: ours ${String(ours)}, bpftool ${JSON.stringify(theirs)}`);
  switch (t.kind) {
    case 'INT':
      if (t.bool) return assert.is(ours, theirs, path);
      return assert.is(BigInt(ours), BigInt(theirs), path);
    case 'ENUM': case 'ENUM64':
      if (typeof theirs === 'string' && !/^-?\d+$/.test(theirs)) return assert.is(ours, theirs, path);
      return assert.is(BigInt.asUintN(t.size * 8, BigInt(ours)), BigInt.asUintN(t.size * 8, BigInt(theirs)), path);
    case 'ARRAY':
      if (t.nelems > 0 && isChar(btf, t.type)) {
        if (typeof theirs === 'string') return assert.is(ours, theirs, path);
        if (!(ours instanceof Uint8Array)) fail('expected bytes');
        return assert.equal([...ours].map((b) => (b << 24) >> 24), theirs, path);
      }
      assert.is(ours.length, theirs.length, path);
      return ours.forEach((x, i) => compare(btf, t.type, x, theirs[i], `${path}[${i}]`));
    case 'STRUCT': case 'UNION':
      for (const m of t.members) {
        if (!m.name) { // anonymous member: bpftool nests it under "", we flatten it
          compare(btf, m.type, ours, theirs[''], `${path}.<anon>`);
          continue;
        }
        const sub = `${path}.${m.name}`;
        if (m.bitfieldSize) { // bpftool prints bitfields as unsigned hex
          assert.is(BigInt.asUintN(m.bitfieldSize, integerOf(btf, m.type, ours[m.name])), BigInt(theirs[m.name]), sub);
        } else {
          compare(btf, m.type, ours[m.name], theirs[m.name], sub);
        }
      }
      return undefined;
    default:
      return fail(`unexpected kind ${t.kind}`);
  }
}

function loaded(fn) {
  const fs = mountBpffs();
  const obj = BpfObject.open(file, quiet);
  try {
    obj.load();
    return fn(obj, fs.dir);
  } finally {
    obj.close();
    fs.cleanup();
  }
}

const possibleCpus = (obj) => obj.map('percpu_small').get(0)?.length ?? readCpus();
const readCpus = () => {
  const [a, b] = readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split('-').map(Number);
  return b === undefined ? 1 : b - a + 1;
};

if (kernelTestsCanRun('typed-values.test.mjs')) {
  test('typedEntries() agrees with bpftool map dump, value by value, on every map', () => {
    loaded((obj, dir) => {
      const all = fixtures(readCpus());
      let compared = 0;
      for (const [name, entries] of Object.entries(all)) {
        const map = obj.map(name);
        for (const [k, v] of entries) map.set(k, v);
        map.pin(`${dir}/${name}`);
        const dump = bpftoolJson(['map', 'dump', 'pinned', `${dir}/${name}`]);
        map.unpin(`${dir}/${name}`);
        const ours = [...map.typedEntries()];
        assert.is(ours.length, dump.length, `${name}: entry count`);
        ours.forEach(([key, value], i) => {
          const f = dump[i].formatted;
          compare(obj.btf, map.keyType.id, key, f.key, `${name}[${i}].key`);
          if (f.values) {
            assert.is(value.length, f.values.length, `${name}: one value per possible CPU`);
            value.forEach((v, cpu) => compare(obj.btf, map.valueType.id, v, f.values[cpu].value, `${name}[${i}].value[cpu ${cpu}]`));
          } else {
            compare(obj.btf, map.valueType.id, value, f.value, `${name}[${i}].value`);
          }
          compared++;
        });
      }
      assert.ok(compared >= 30, `compared ${compared} entries`);
    });
  });

  test('MapHandle (a pin, typed through the BTF the kernel holds) decodes as BpfMap does', () => {
    loaded((obj, dir) => {
      for (const [name, entries] of Object.entries(fixtures(readCpus()))) {
        const map = obj.map(name);
        for (const [k, v] of entries) map.set(k, v);
        map.pin(`${dir}/${name}`);
        const handle = MapHandle.fromPinned(`${dir}/${name}`);
        try {
          assert.is(handle.keyType?.name, map.keyType?.name, `${name}: key type`);
          assert.is(handle.valueType?.name, map.valueType?.name, `${name}: value type`);
          assert.equal([...handle.typedEntries()], [...map.typedEntries()], `${name}: entries`);
          const [k, v] = entries[0];
          handle.set(k, v);
          assert.equal(map.get(k), v, `${name}: set through the handle, read through the object`);
        } finally {
          handle.close();
          map.unpin(`${dir}/${name}`);
        }
      }
    });
  });

  test('round trips are exact: get(k) after set(k, v) is v, for every fixture', () => {
    loaded((obj) => {
      const cpus = possibleCpus(obj);
      for (const [name, entries] of Object.entries(fixtures(cpus))) {
        const map = obj.map(name);
        for (const [k, v] of entries) {
          map.set(k, v);
          const back = map.get(k);
          // char arrays holding text come back as strings (bpftool's rule); binary as bytes.
          assert.equal(back, normaliseText(v), `${name} ${String(k)}`);
          map.set(k, back);
          assert.equal(map.get(k), back, `${name} ${String(k)}: second trip`);
        }
      }
      assert.is(obj.map('ints_map').get(12345), undefined);
    });
  });

  test('char arrays: text as string, other bytes as Uint8Array; padding and tails zeroed', () => {
    loaded((obj) => {
      const names = obj.map('names_map');
      names.set(0, { comm: 'abc', empty: '', raw: [0, 0, 0, 0], binary: new Uint8Array([0x80]) });
      const v = names.get(0);
      assert.is(v.comm, 'abc');
      assert.equal(v.binary, new Uint8Array([0x80, 0, 0, 0, 0, 0]));
      names.update(new Uint8Array(4), new Uint8Array(34).fill(0x7a)); // 'zzz...' without a NUL
      assert.equal(names.get(0).comm, new Uint8Array(16).fill(0x7a));
      names.set(0, { ...v, comm: 'x' });
      assert.equal([...names.lookup(new Uint8Array(4)).subarray(0, 16)], [0x78, ...new Array(15).fill(0)]);
      // struct endpoint { u32 addr; u16 port; } has 2 bytes of padding: set() writes them as zeros.
      const flows = obj.map('flows');
      const f = flow(3);
      const key = new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]); // endpoint(1, 2), its padding zero
      flows.update(key, new Uint8Array(flows.valueSize).fill(0xee));
      flows.set(endpoint(1, 2), f);
      const bytes = flows.lookup(key);
      assert.equal([...bytes.subarray(6, 8)], [0, 0], 'value padding after src.port');
      assert.equal([...bytes.subarray(14, 16)], [0, 0], 'value padding after dst.port');
      assert.equal(flows.get(endpoint(1, 2)), f);
    });
  });

  test('set() checks the shape: TypeError / RangeError naming the field path; the map still works', () => {
    loaded((obj) => {
      const cpus = possibleCpus(obj);
      const flows = obj.map('flows');
      const good = flow(1);
      const bad = (mutate) => {
        const v = structuredClone(good);
        mutate(v);
        return v;
      };
      const cases = [
        [() => flows.set(endpoint(1, 2), bad((v) => { v.stats[3].bytes = 1; })), TypeError, 'BpfMap.set: value.stats[3].bytes: expected bigint, got 1'],
        [() => flows.set(endpoint(1, 2), bad((v) => { v.stats[3].bytes = -1n; })), RangeError, 'value.stats[3].bytes: expected a bigint from 0 to 18446744073709551615'],
        [() => flows.set(endpoint(1, 2), bad((v) => { v.matrix[1][2] = 2 ** 32; })), RangeError, 'value.matrix[1][2]: expected an integer from 0 to 4294967295, got 4294967296'],
        [() => flows.set(endpoint(1, 2), bad((v) => { v.matrix[1].pop(); })), RangeError, 'value.matrix[1]: expected an array of 3, got 2 elements'],
        [() => flows.set(endpoint(1, 2), bad((v) => { v.src = { addr: 1, prot: 2 }; })), TypeError, 'value.src.port: expected a number, got undefined'],
        [() => obj.map('tagged_map').set(1n, { kind: 1, num: { u: 1n, uu: 2n } }), TypeError, "value.num: unknown member 'uu' (union number has u, i, halves)"],
        [() => obj.map('tagged_map').set(1n, { kind: 1, ivl: 2, num: { u: 1n } }), TypeError, "BpfMap.set: value: unknown member 'ivl' (struct tagged has kind, ival, sval, num)"],
        [() => flows.set(endpoint(1, 2), bad((v) => { delete v.dst; })), TypeError, 'value.dst: expected an object (struct endpoint), got undefined'],
        [() => flows.set(endpoint(1, 2), bad((v) => { v.src.port = 1.5; })), RangeError, 'value.src.port: expected an integer'],
        [() => flows.set({ addr: 1 }, good), TypeError, 'BpfMap.set: key.port: expected a number, got undefined'],
        [() => flows.get(null), TypeError, 'BpfMap.get: key: expected an object (struct endpoint), got null'],
        [() => obj.map('names_map').set(0, { comm: 'x'.repeat(16), empty: '', raw: [0, 0, 0, 0], binary: '' }), RangeError, 'value.comm: a string of at most 15 characters'],
        [() => obj.map('names_map').set(0, { comm: 'é', empty: '', raw: [0, 0, 0, 0], binary: '' }), RangeError, 'value.comm: a string of printable ASCII characters'],
        [() => obj.map('ints_map').set(0, { ...ints(0), color: 'PURPLE' }), RangeError, 'value.color: "PURPLE" is not a value of enum color (RED, GREEN, BLUE)'],
        [() => obj.map('ints_map').set(0, { ...ints(0), flag: 1 }), TypeError, 'value.flag: expected a boolean, got 1'],
        [() => obj.map('ints_map').set(0, { ...ints(0), s8: 128 }), RangeError, 'value.s8: expected an integer from -128 to 127, got 128'],
        [() => obj.map('bits_map').set(0, { a: 8, b: 0, c: 0, d: 0n, e: 'RED', f: false, g: 0n }), RangeError, 'value.a: expected an integer from 0 to 7, got 8'],
        [() => obj.map('bits_map').set(0, { a: 0, b: 0, c: -65, d: 0n, e: 'RED', f: false, g: 0n }), RangeError, 'value.c: expected an integer from -64 to 63'],
        [() => obj.map('bits_map').set(0, { a: 0, b: 0, c: 0, d: 0n, e: 'BLUE', f: false, g: 0n }), RangeError, 'value.e: BLUE (4294967293) does not fit in 4 bits'],
        [() => obj.map('tagged_map').set(1n, { kind: 1, num: {} }), TypeError, 'value.num: expected one or more members of union number (u, i, halves)'],
        [() => obj.map('percpu_small').set(1, 5), TypeError, `value: expected an array of ${cpus} values (one per possible CPU)`],
        [() => obj.map('percpu_small').set(1, new Array(cpus + 1).fill(0)), RangeError, `expected ${cpus} values (one per possible CPU), got ${cpus + 1}`],
        [() => obj.map('percpu_stats').set(0, [counters(1, 1), ...new Array(cpus - 1).fill({ packets: 1n })]), TypeError, 'value[1].bytes: expected bigint, got undefined'],
        [() => obj.map('colors').set('PINK', 1n), RangeError, 'BpfMap.set: key: "PINK" is not a value of enum color'],
        [() => flows.set(endpoint(1, 2), good, -1), RangeError, 'flags'],
      ];
      for (const [fn, Ctor, text] of cases) {
        assert.throws(fn, (e) => e instanceof Ctor && e.message.includes(text), text);
        try { fn(); } catch (e) { assert.ok(e.message.includes(text), `"${e.message}" should include "${text}"`); }
      }
      assert.is(flows.get(endpoint(1, 2)), undefined, 'nothing was written by a rejected set');
      flows.set({ ...endpoint(1, 2), note: 'keys that are no member of a struct are ignored' }, good);
      assert.equal(flows.get(endpoint(1, 2)), good);
      assert.ok(flows.delete(new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0])));
      flows.set(endpoint(1, 2), good, UpdateFlags.NOEXIST);
      assert.equal(flows.get(endpoint(1, 2)), good);
      assert.throws(() => flows.set(endpoint(1, 2), good, UpdateFlags.NOEXIST), (e) => e instanceof LibbpfError && e.code === 'EEXIST');
      // the union's members are written in declaration order: the last one given wins
      obj.map('tagged_map').set(9n, { kind: 0, num: { u: 2n ** 64n - 1n, i: 0 } });
      assert.equal(obj.map('tagged_map').get(9n).num, { u: 2n ** 64n - 2n ** 32n, i: 0, halves: [0, 0, 65535, 65535] });
    });
  });

  test('floats, pointers, 128-bit integers: the bytes as C lays them out (bpftool 7.1 cannot print floats)', () => {
    loaded((obj) => {
      const misc = obj.map('misc_map');
      const value = { f: 1.5, d: -2.25, ptr: 0xffff888012345678n, big: -(2n ** 127n) + 5n, ubig: 2n ** 128n - 2n, arr2d: [[1n, -2n], [3n, -(2n ** 63n)]] };
      misc.set(1, value);
      assert.equal(misc.get(1), value);
      const at = Object.fromEntries(obj.btf.typeByName('misc', 'STRUCT').members.map((m) => [m.name, m.bitOffset / 8]));
      const bytes = misc.lookup(new Uint8Array([1, 0, 0, 0]));
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      assert.is(dv.getFloat32(at.f, true), 1.5);
      assert.is(dv.getFloat64(at.d, true), -2.25);
      assert.is(dv.getBigUint64(at.ptr, true), 0xffff888012345678n);
      assert.is((dv.getBigInt64(at.big + 8, true) << 64n) | dv.getBigUint64(at.big, true), -(2n ** 127n) + 5n);
      assert.is((dv.getBigUint64(at.ubig + 8, true) << 64n) | dv.getBigUint64(at.ubig, true), 2n ** 128n - 2n);
      assert.is(dv.getBigInt64(at.arr2d + 24, true), -(2n ** 63n));
      assert.throws(() => misc.set(1, { ...value, ubig: 2n ** 128n }), (e) => e instanceof RangeError && /value.ubig: expected a bigint from 0 to 340282366920938463463374607431768211455/.test(e.message));
      assert.throws(() => misc.set(1, { ...value, f: 1n }), (e) => e instanceof TypeError && /value.f: expected a number, got 1n/.test(e.message));
    });
  });

  test('keyless maps (queue) take undefined as key; enums as keys by name or number', () => {
    const obj = BpfObject.open(testObject('maps_all'), quiet);
    try {
      obj.load();
      const q = obj.map('queue');
      q.set(undefined, 41);
      q.set(undefined, 42);
      assert.is(q.get(undefined), 41);
      assert.throws(() => q.set(0, 1), (e) => e instanceof TypeError && /this map has no key/.test(e.message));
    } finally {
      obj.close();
    }
    loaded((obj) => {
      const colors = obj.map('colors');
      colors.set(5, 1n); // GREEN's value
      assert.is(colors.get('GREEN'), 1n);
      assert.equal([...colors.typedEntries()], [['GREEN', 1n]]);
    });
  });
}

/** A value as get() returns it: char arrays holding text as strings. */
function normaliseText(v) {
  if (v instanceof Uint8Array) {
    const nul = v.indexOf(0);
    const text = nul >= 0 && v.subarray(0, nul).every((c) => c >= 0x20 && c <= 0x7e);
    return text ? String.fromCharCode(...v.subarray(0, nul)) : v;
  }
  if (Array.isArray(v)) return v.map(normaliseText);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normaliseText(x)]));
  return v;
}

runWithFdCheck(test);
