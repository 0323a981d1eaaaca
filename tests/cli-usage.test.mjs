// The command line without a kernel: help on every command, exit codes (0 done, 1 failed,
// 2 wrong command line), -j/--json, version, inspect, and `btf dump` of an object file
// compared with bpftool's dump of the same file (C exactly, raw field by field).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { repoRoot, testObject } from './helpers/objects.mjs';
import { bigSafeJson } from './helpers/bpftool.mjs';
import { main } from '../dist/cli/main.js';

const cli = (...args) => spawnSync(process.execPath, [`${repoRoot}dist/cli.js`, ...args], { encoding: 'utf8' });

/** The command run in this process (no spawn: help and usage need no module): its exit
 *  status (what dist/cli.js sets as exitCode) and what it printed. */
async function inProcess(...args) {
  const out = [];
  const err = [];
  const saved = { log: console.log, error: console.error };
  console.log = (...a) => out.push(`${a.join(' ')}\n`);
  console.error = (...a) => err.push(`${a.join(' ')}\n`);
  try {
    const status = await main(args);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    Object.assign(console, saved);
  }
}
const typed = testObject('typed_values');

const COMMANDS = ['inspect', 'load', 'unpin', 'map list', 'map show', 'map dump', 'map lookup', 'map update',
  'map delete', 'map freeze', 'map pin', 'prog list', 'prog show', 'prog run', 'link list', 'link show',
  'link detach', 'btf list', 'btf dump', 'gen types', 'demo', 'diff', 'version'];

test('--help on every command prints its usage and exits 0 (demo --help does not run the demo)', async () => {
  for (const c of COMMANDS) {
    const r = await inProcess(...c.split(' '), '--help');
    assert.is(r.status, 0, `${c}: ${r.stderr}`);
    assert.ok(r.stdout.startsWith(`usage: libbpf-wasm ${c}`), `${c}: ${r.stdout}`);
  }
  const demo = cli('demo', '-h'); // a real process: the exit status and nothing else run
  assert.not.match(demo.stdout, /map id|read it back/, 'the tour did not run');
  for (const g of ['map', 'prog', 'link', 'btf', 'gen']) {
    const r = await inProcess(g, '--help');
    assert.is(r.status, 0, g);
    assert.match(r.stdout, new RegExp(`usage: libbpf-wasm ${g} <command>`));
  }
  const top = cli('--help');
  assert.is(top.status, 0);
  for (const g of ['inspect', 'load', 'unpin', 'map', 'prog', 'link', 'btf', 'gen', 'demo', 'diff', 'version']) {
    assert.match(top.stdout, new RegExp(`^  ${g}\\b`, 'm'), g);
  }
});

test('usage errors exit 2 with the reason and the usage; in JSON, {"error"} on stdout', async () => {
  const cases = [
    [[], /which command\?/], [['frobnicate'], /unknown command 'frobnicate'/], [['map'], /map: which command\?/],
    [['map', 'shrink', '1'], /map: unknown command 'shrink'/], [['inspect'], /inspect: missing argument/],
    [['inspect', typed, '--bogus'], /inspect: unknown option '--bogus'/], [['inspect', 'a.o', 'b.o'], /unexpected argument 'b.o'/],
    [['map', 'lookup', '5', 'key', '0x100'], /'0x100' is not a byte/], [['map', 'update', '5', 'key', '1', 'val', '2'], /'val' is not a byte/], [['map', 'update', '5', 'key', '1'], /expected 'value'/],
    [['prog', 'run', '5', '--repeat', 'many'], /--repeat: expected an integer/], [['btf', 'dump', typed, '--format', 'xml'], /raw or c/],
    [['load', typed, '--attach'], /--attach needs --pin-progs/], [['load', typed, '--set', 'targ_pid'], /expected VAR=VALUE/],
    [['load', typed, '--set', 'nope=1'], /no global variable 'nope'/], [['unpin', typed], /where\?/],
    [['version', 'extra'], /unexpected argument 'extra'/],
  ];
  for (const [args, why] of cases) {
    const r = await inProcess(...args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, why, args.join(' '));
    assert.match(r.stderr, /usage: libbpf-wasm/, `${args.join(' ')}: the usage follows`);
    const j = await inProcess(...args, '-j');
    assert.is(j.status, 2, `${args.join(' ')} -j`);
    assert.match(JSON.parse(j.stdout).error, why, `${args.join(' ')} -j`);
  }
  // The status reaches the shell through dist/cli.js.
  const r = cli('map', 'lookup', '5', 'key', '0x100');
  assert.is(r.status, 2);
  assert.match(r.stderr, /'0x100' is not a byte/);
  assert.is(cli().status, 2);
});

test('failures exit 1 with the cause: a missing file, a malformed object', () => {
  let r = cli('inspect', '/nonexistent/x.bpf.o');
  assert.is(r.status, 1);
  assert.match(r.stderr, /libbpf-wasm: cannot read the object file: ENOENT/);
  r = cli('btf', 'dump', `${repoRoot}tests/bpf/build/malformed/prog_offset_4g.bpf.o`, '-j');
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(JSON.parse(r.stdout).error, /bpf_object__open_mem/);
});

test('version: the package and libbpf 1.1.2 (the full version, not only v1.1)', () => {
  const pkg = JSON.parse(execFileSync('cat', [`${repoRoot}package.json`], { encoding: 'utf8' }));
  const r = cli('version');
  assert.is(r.status, 0);
  assert.match(r.stdout, new RegExp(`^libbpf-wasm ${pkg.version.replaceAll('.', '\\.')}\nlibbpf 1\\.1\\.2 `));
  assert.equal(JSON.parse(cli('version', '-j').stdout), { libbpf_wasm: pkg.version, libbpf: '1.1.2', libbpf_version_string: 'v1.1' });
});

test('inspect: maps with sizes, BTF type names and pinning; programs with section and types', () => {
  const out = JSON.parse(cli('inspect', '-j', testObject('pin_by_name')).stdout);
  assert.is(out.object, 'pin_by_name');
  assert.equal(out.maps[0], { name: 'pinned_hash', type: 'hash', bytes_key: 4, bytes_value: 8, key_type: '__u32',
    value_type: '__u64', max_entries: 16, flags: 0, pinning: 'by_name', pin_path: '/sys/fs/bpf/pinned_hash', internal: false });
  assert.is(out.maps.find((m) => m.name === 'unpinned').pinning, 'none');
  assert.equal(out.programs, [{ name: 'use_maps', section: 'socket', type: 'socket_filter',
    expected_attach_type: 'cgroup_inet_ingress', insns: 29, autoload: true }]);
  const t = JSON.parse(cli('inspect', '--json', typed).stdout);
  const flows = t.maps.find((m) => m.name === 'flows');
  assert.is(flows.key_type, 'struct endpoint');
  assert.is(flows.value_type, 'struct flow');
  assert.ok(t.maps.some((m) => m.internal && m.name.endsWith('.rodata')));
  const text = cli('inspect', typed).stdout;
  assert.match(text, /^object typed_values: 15 maps, 1 programs/);
  assert.match(text, /^ {2}colors\s+hash\s+4B enum color\s+8B __s64\s+8\s+0x0\s+none$/m);
});

test('btf dump --format c is bpftool\'s `btf dump file ... format c`, byte for byte', () => {
  for (const name of ['typed_values', 'maps_all', 'progs_sections', 'kconfig_externs']) {
    const o = testObject(name);
    const r = cli('btf', 'dump', o, '--format', 'c');
    assert.is(r.status, 0, r.stderr);
    assert.ok(r.stdout === execFileSync('bpftool', ['btf', 'dump', 'file', o, 'format', 'c'], { encoding: 'utf8' }), name);
  }
});

test('btf dump (raw) agrees with bpftool\'s raw JSON, field by field, where libbpf\'s open changes nothing', () => {
  // libbpf completes DATASEC sizes/offsets and marks extern VARs global at open: those differ by design.
  for (const name of ['typed_values', 'maps_all']) {
    const o = testObject(name);
    const ours = bigSafeJson(cli('btf', 'dump', o, '-j').stdout).types;
    const theirs = bigSafeJson(execFileSync('bpftool', ['-j', 'btf', 'dump', 'file', o], { encoding: 'utf8' })).types;
    assert.is(ours.length, theirs.length, name);
    let compared = 0;
    ours.forEach((t, i) => {
      if (t.kind === 'DATASEC' || (t.kind === 'VAR' && theirs[i].linkage === 'extern')) return;
      const b = theirs[i];
      for (const k of Object.keys(b)) {
        if (k === 'values') { // bpftool 7.1 prints enum values as unsigned 64-bit; compare as numbers of the enum's width
          assert.equal(t.values.map((v) => BigInt.asUintN(32, BigInt(v.val))), b.values.map((v) => BigInt.asUintN(32, BigInt(v.val))), `${name} [${t.id}]`);
        } else {
          assert.equal(t[k], b[k], `${name} [${t.id}].${k}`);
        }
      }
      compared++;
    });
    assert.ok(compared > 50, `${name}: ${compared} types compared`);
    const text = cli('btf', 'dump', o).stdout.split('\n');
    assert.is(text[0], execFileSync('bpftool', ['btf', 'dump', 'file', o], { encoding: 'utf8' }).split('\n')[0]);
  }
});

test('gen types -j: the declarations as JSON', () => {
  const r = cli('gen', 'types', typed, '-j');
  assert.is(r.status, 0, r.stderr);
  assert.match(JSON.parse(r.stdout).types, /export interface TypedValuesMaps/);
});

/** dist files a module imports statically (not `import type`, not import()), transitively. */
function staticImports(entry) {
  const seen = new Set();
  const walk = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const m of readFileSync(f, 'utf8').matchAll(/^import (?!type )[^;]*?from '(\.[^']+)'/gms)) walk(resolve(dirname(f), m[1]));
  };
  walk(resolve(repoRoot, entry));
  return [...seen].map((f) => f.slice(resolve(repoRoot, 'dist').length + 1));
}

test('commands that need no kernel load no kernel-object code: handles, events and the CLI\'s kernel commands come by import() only', () => {
  for (const entry of ['dist/cli.js', 'dist/cli/inspect.js', 'dist/cli/btf.js', 'dist/cli/gen-types.js']) {
    const kernelSide = staticImports(entry).filter((f) => /^(handles|events|diff)\/|^cli\/(map|prog|link|load|tools|kernel-lists)\.js$|^demo\.js$/.test(f));
    assert.equal(kernelSide, [], entry);
  }
});

test.run();
