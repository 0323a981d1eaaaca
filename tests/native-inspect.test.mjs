// The native oracle's own sanity check: build/native/bin/inspect must report what the
// sources say, or every differential comparison against it is meaningless. Open only, so
// no root needed.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithFdCheck } from './helpers/fds.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const inspectBin = `${root}build/native/bin/inspect`;
const pinningObj = `${root}examples/build/pinning.bpf.o`;
const pinInvalidObj = `${root}tests/bpf/build/pin_invalid.bpf.o`;

function inspect(...args) {
  for (const p of [inspectBin, pinningObj, pinInvalidObj]) {
    if (!existsSync(p)) throw new Error(`${p} is not built: run scripts/build-native.sh and scripts/build-bpf.sh`);
  }
  const r = spawnSync(inspectBin, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json: r.status === 0 ? JSON.parse(r.stdout) : null };
}

// Kernel UAPI values: the tool reports libbpf's enums as numbers.
const BPF_MAP_TYPE_HASH = 1;
const BPF_MAP_TYPE_ARRAY = 2;
const BPF_PROG_TYPE_SOCKET_FILTER = 1;
const BPF_PROG_TYPE_XDP = 6;
const BPF_XDP = 37;
const EINVAL = 22;
const ENOENT = 2;

const pinningMaps = (pinRoot) => [
  { name: 'counters', type: BPF_MAP_TYPE_HASH, key_size: 4, value_size: 8, max_entries: 64, map_flags: 0, pin_path: `${pinRoot}/counters` },
  { name: 'config', type: BPF_MAP_TYPE_ARRAY, key_size: 4, value_size: 8, max_entries: 4, map_flags: 0, pin_path: null },
];

const test = suite('native inspect');

test('pinning.bpf.o: maps and programs in libbpf order, default pin root', () => {
  const { status, json } = inspect(pinningObj);
  assert.is(status, 0);
  assert.equal(json, {
    ok: true,
    name: 'pinning',
    maps: pinningMaps('/sys/fs/bpf'),
    programs: [
      { name: 'xdp_count', section: 'xdp', type: BPF_PROG_TYPE_XDP, expected_attach_type: BPF_XDP, autoload: true },
      { name: 'socket_count', section: 'socket', type: BPF_PROG_TYPE_SOCKET_FILTER, expected_attach_type: 0, autoload: true },
    ],
  });
});

test('pinning.bpf.o with --pin-root: only the pinned map gets a path under it', () => {
  const { json } = inspect(pinningObj, '--pin-root', '/tmp/some root');
  assert.equal(json.maps, pinningMaps('/tmp/some root'));
});

test('the output is exactly one JSON line', () => {
  const { stdout } = inspect(pinningObj);
  assert.is(stdout.split('\n').length, 2);
  assert.is(stdout.at(-1), '\n');
});

test('libbpf log goes to stderr, every line prefixed with its level', () => {
  const { stderr } = inspect(pinningObj);
  const lines = stderr.split('\n').filter(Boolean);
  assert.ok(lines.length > 0);
  for (const line of lines) assert.match(line, /^(warn|info|debug): /);
  assert.match(stderr, /^debug: libbpf: map 'counters': found pinning = 1\.$/m);
});

test('pin_invalid.bpf.o: open fails with EINVAL, reported as a result (exit 0)', () => {
  const { status, json, stderr } = inspect(pinInvalidObj);
  assert.is(status, 0);
  assert.equal(json, { ok: false, errno: EINVAL });
  assert.match(stderr, /^warn: libbpf: map 'badpin': invalid pinning value 2\.$/m);
});

test('strings are JSON-escaped (the object name comes from the file name)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
  try {
    // libbpf names the object after the file name up to its first dot.
    const name = 'q"b\\t\t\x01é';
    copyFileSync(pinningObj, join(dir, `${name}.bpf.o`));
    const { stdout, json } = inspect(join(dir, `${name}.bpf.o`));
    assert.is(json.name, name);
    assert.ok(stdout.includes('"name":"q\\"b\\\\t\\t\\u0001é"'), stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing file: ENOENT', () => {
  assert.equal(inspect(`${root}no/such/object.o`).json, { ok: false, errno: ENOENT });
});

test('bad usage exits 2 with nothing on stdout', () => {
  const r = inspect();
  assert.is(r.status, 2);
  assert.is(r.stdout, '');
  assert.is(inspect(pinningObj, '--pin-root').status, 2);
});

runWithFdCheck(test);
