// `load`, `map ...` and `unpin` on a private bpffs, checked against bpftool on the same
// pinned maps: `map dump -j` entry for entry (hex and BTF-decoded "formatted" parts),
// `map list`/`show` field by field, lookup/update/delete/freeze/pin, and no pin left.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { MapHandle } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { repoRoot, testObject } from './helpers/objects.mjs';
import { bigSafeJson, bpftoolJson } from './helpers/bpftool.mjs';

const cli = (...args) => spawnSync(process.execPath, [`${repoRoot}dist/cli.js`, ...args], { encoding: 'utf8' });
const cliJson = (...args) => {
  const r = cli(...args, '-j');
  assert.is(r.status, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return bigSafeJson(r.stdout);
};
const typed = testObject('typed_values');

/** What the test writes through typed access before dumping (bpftool decodes it independently). */
const FILL = {
  ints_map: [[1, { u8: 255, s8: -128, u16: 65535, s16: -32768, u32: 4294967295, s32: -5, u64: 2n ** 64n - 1n,
    s64: -(2n ** 63n), flag: true, c: 65, color: 'BLUE' }], [7, { u8: 1, s8: 2, u16: 3, s16: 4, u32: 5, s32: 6, u64: 7n,
    s64: 8n, flag: false, c: 0, color: 77 }]],
  names_map: [[0, { comm: 'hello', empty: '', raw: [1, 2, 3, 255], binary: new Uint8Array([1, 200, 3, 0, 0, 0]) }]],
  flows: [[{ addr: 1, port: 2 }, { src: { addr: 3, port: 4 }, dst: { addr: 5, port: 6 },
    stats: [{ packets: 1n, bytes: 2n }, { packets: 3n, bytes: 2n ** 64n - 1n }, { packets: 0n, bytes: 0n }, { packets: 9n, bytes: 9n }],
    matrix: [[1, 2, 3], [4, 5, 4294967295]] }]],
  bits_map: [[0, { a: 5, b: 31, c: -3, d: 2n ** 40n - 1n, e: 'GREEN', f: true, g: -1n }]],
  tagged_map: [[5n, { kind: 1, ival: 0x12345678, sval: 0x5678, num: { u: 0x1122334455667788n, i: 0x55667788, halves: [0x7788, 0x5566, 0x3344, 0x1122] } }]],
  colors: [['BLUE', -7n], [77, 3n]],
};

if (kernelTestsCanRun('cli-map.test.mjs')) {
  test('load --pin-maps --set; map dump -j equals bpftool\'s, entry for entry; unpin removes every pin', () => {
    const fs = mountBpffs();
    try {
      const loaded = cliJson('load', typed, '--pin-maps', fs.dir, '--set', 'targ_pid=42', '--set', 'targ_comm=abc',
        '--set', 'targ_endpoint={"addr":7,"port":9}');
      assert.is(loaded.object, 'typed_values');
      assert.ok(loaded.maps.every((m) => m.action === 'created' && existsSync(m.pinned)), JSON.stringify(loaded.maps));
      for (const [name, entries] of Object.entries(FILL)) {
        const h = MapHandle.fromPinned(`${fs.dir}/${name}`);
        try {
          for (const [k, v] of entries) h.set(k, v);
        } finally {
          h.close();
        }
      }
      const rodata = loaded.maps.find((m) => m.name.endsWith('.rodata')).pinned;
      let entries = 0;
      for (const path of [...Object.keys(FILL).map((n) => `${fs.dir}/${n}`), `${fs.dir}/percpu_stats`, `${fs.dir}/percpu_small`, rodata]) {
        const ours = cliJson('map', 'dump', path);
        assert.equal(ours, bpftoolJson(['map', 'dump', 'pinned', path]), path);
        entries += ours.length;
      }
      assert.ok(entries >= 20, `${entries} entries compared`);
      // The --set values reached the map before load: bpftool reads them back decoded.
      assert.equal(cliJson('map', 'dump', rodata)[0].formatted.value['.rodata'],
        [{ targ_pid: 42 }, { targ_comm: 'abc' }, { targ_endpoint: { addr: 7, port: 9 } }]);
      const text = cli('map', 'dump', `${fs.dir}/colors`);
      assert.match(text.stdout, /"key": "BLUE",\n\s+"value": -7/);
      assert.match(text.stdout, /Found 2 elements\n$/);

      const removed = cliJson('unpin', typed, '--pin-maps', fs.dir);
      assert.is(removed.filter((p) => p.removed).length, loaded.maps.length);
      assert.equal(pinsUnder(fs.dir), []);
    } finally {
      fs.cleanup();
    }
  });

  test('map list and show: bpftool\'s record for each map, by id and by pinned path', () => {
    const fs = mountBpffs();
    try {
      const loaded = cliJson('load', testObject('maps_user'), '--pin-maps', fs.dir);
      const ours = new Map(cliJson('map', 'list').map((m) => [m.id, m]));
      for (const { id, pinned } of loaded.maps) {
        const a = ours.get(id);
        assert.ok(a, `map ${id} listed`);
        // bpftool's own `map show id` (its `map list` 7.1 carries btf_id over from the
        // map listed before one without BTF: a bpftool bug, so each map is asked alone).
        assert.equal(a, bpftoolJson(['map', 'show', 'id', String(id)]), `map ${id}`);
        assert.equal(cliJson('map', 'show', String(id)), a);
        assert.equal(cliJson('map', 'show', pinned), a);
        assert.match(cli('map', 'show', 'id', String(id)).stdout, new RegExp(`^${id}: ${a.type}  name ${a.name.replaceAll('.', '\\.')}  flags 0x`));
      }
      assert.ok(loaded.maps.length >= 8, `${loaded.maps.length} maps compared`);
      cliJson('unpin', testObject('maps_user'), '--pin-maps', fs.dir);
    } finally {
      fs.cleanup();
    }
  });

  test('map lookup/update/delete/freeze/pin: bytes in bpftool\'s forms, errors exit 1', () => {
    const fs = mountBpffs();
    try {
      cliJson('load', typed, '--pin-maps', fs.dir);
      const colors = `${fs.dir}/colors`;
      // colors: enum color (4 bytes) -> __s64; GREEN = 5.
      const up = cli('map', 'update', colors, 'key', '5', '0', '0', '0', 'value', 'hex', '2a00000000000000', 'noexist');
      assert.is(up.status, 0, up.stderr);
      const looked = cliJson('map', 'lookup', colors, 'key', '0x05', '0x00', '0x00', '0x00');
      assert.equal(looked, bpftoolJson(['map', 'lookup', 'pinned', colors, 'key', '5', '0', '0', '0']));
      assert.equal(looked.formatted, { key: 'GREEN', value: 42 });
      let r = cli('map', 'update', colors, 'key', '5', '0', '0', '0', 'value', 'hex', '2a00000000000000', 'noexist');
      assert.is(r.status, 1, 'noexist on an existing key fails');
      assert.match(r.stderr, /EEXIST/);
      r = cli('map', 'update', colors, 'key', '5', '0', '0', 'value', '0');
      assert.is(r.status, 2, 'a 3-byte key for a 4-byte map is a usage error');
      assert.match(r.stderr, /the key is 4 bytes, 3 given/);
      assert.is(cli('map', 'delete', colors, 'key', 'hex', '05000000').status, 0);
      r = cli('map', 'lookup', colors, 'key', 'hex', '05000000');
      assert.is(r.status, 1);
      assert.match(r.stderr, /no element with key 05 00 00 00 in map 'colors'/);
      // Per-CPU: one value given is written to every CPU.
      assert.is(cli('map', 'update', `${fs.dir}/percpu_small`, 'key', '3', '0', 'value', '7', '0', '0', '0').status, 0);
      const pc = cliJson('map', 'lookup', `${fs.dir}/percpu_small`, 'key', '3', '0');
      assert.ok(pc.formatted.values.length >= 1 && pc.formatted.values.every((v) => v.value === 7), JSON.stringify(pc));
      // pin, then freeze through the new pin: user-space writes are refused from then on.
      assert.is(cli('map', 'pin', colors, `${fs.dir}/colors2`).status, 0);
      assert.equal(cliJson('map', 'show', `${fs.dir}/colors2`).id, cliJson('map', 'show', colors).id);
      assert.is(cli('map', 'freeze', `${fs.dir}/colors2`).status, 0);
      assert.is(cliJson('map', 'show', colors).frozen, 1);
      r = cli('map', 'update', colors, 'key', '0', '0', '0', '0', 'value', 'hex', '0000000000000000');
      assert.is(r.status, 1);
      assert.match(r.stderr, /EPERM/);
      // Not a map, not there.
      r = cli('map', 'show', `${fs.dir}/nothing`);
      assert.is(r.status, 1);
      assert.match(r.stderr, /bpf_obj_get .*nothing.*ENOENT/);
      r = cli('map', 'dump', '4294967295', '-j');
      assert.is(r.status, 1);
      assert.match(JSON.parse(r.stdout).error, /bpf_map_get_fd_by_id \(id 4294967295\).*ENOENT/);
      cli('unpin', typed, '--pin-maps', fs.dir);
      cli('map', 'show', `${fs.dir}/colors2`);
    } finally {
      fs.cleanup();
    }
  });

  test('load --pin-root: maps pinned by name are created once, then reused; a map without BTF dumps as hex', () => {
    const fs = mountBpffs();
    try {
      const obj = testObject('pin_by_name');
      const first = cliJson('load', obj, '--pin-root', fs.dir);
      const second = cliJson('load', obj, '--pin-root', fs.dir);
      const byName = (r) => Object.fromEntries(r.maps.filter((m) => m.pinned).map((m) => [m.name, [m.action, m.id, m.pinned]]));
      assert.equal(Object.keys(byName(first)).sort(), ['pinned_array', 'pinned_hash']);
      for (const [name, [action, id, pinned]] of Object.entries(byName(second))) {
        assert.is(action, 'reused', name);
        assert.equal([id, pinned], [byName(first)[name][1], `${fs.dir}/${name}`], name);
      }
      assert.match(cli('load', obj, '--pin-root', fs.dir).stdout, /map pinned_hash \(hash\): reused, id \d+, pinned at /);
      // A map bpftool made, without BTF: the dump is hex, in bpftool's JSON and text forms.
      execFileSync('bpftool', ['map', 'create', `${fs.dir}/raw`, 'type', 'hash', 'key', '4', 'value', '2', 'entries', '4', 'name', 'raw']);
      assert.is(cli('map', 'update', `${fs.dir}/raw`, 'key', '1', '0', '0', '0', 'value', '0xab', '0xcd').status, 0);
      assert.equal(cliJson('map', 'dump', `${fs.dir}/raw`), bpftoolJson(['map', 'dump', 'pinned', `${fs.dir}/raw`]));
      assert.is(cli('map', 'dump', `${fs.dir}/raw`).stdout, 'key: 01 00 00 00  value: ab cd\nFound 1 element\n');
      rmSync(`${fs.dir}/raw`);
      cliJson('unpin', obj, '--pin-root', fs.dir);
      assert.equal(pinsUnder(fs.dir), []);
    } finally {
      fs.cleanup();
    }
  });

  test('a failed load undoes its pins: maps pinned, then programs cannot be (not a bpffs) -> nothing left', () => {
    const fs = mountBpffs();
    try {
      const r = cli('load', testObject('pin_by_name'), '--pin-root', fs.dir, '--pin-maps', fs.dir, '--pin-progs', '/tmp');
      assert.is(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /bpf_object__pin_programs \(\/tmp\)/);
      assert.equal(pinsUnder(fs.dir), []);
    } finally {
      fs.cleanup();
    }
  });
}

runWithFdCheck(test);
