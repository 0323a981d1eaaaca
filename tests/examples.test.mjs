// The examples run as a user runs them (node examples/<name>/run.mjs --json, in their own
// process) and say what the kernel did. xdp-counter is run by attach-net.test.mjs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { repoRoot } from './helpers/objects.mjs';

if (!kernelTestsCanRun('examples.test.mjs')) process.exit(0);

function runExample(name, ...args) {
  const r = spawnSync(process.execPath, [`${repoRoot}examples/${name}/run.mjs`, '--json', ...args],
    { encoding: 'utf8', timeout: 60_000 });
  assert.is(r.status, 0, `${name} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

test('typed-dump: the flows the program counted, decoded through BTF', () => {
  const out = runExample('typed-dump');
  assert.is(out.keyType, 'flow_tuple');
  assert.is(out.valueType, 'flow_counts');
  assert.is(out.entries.length, 3);
  const https = out.entries.find((e) => e.key.dport === 443);
  assert.equal(https.key, { saddr: [10, 0, 0, 1], daddr: [10, 0, 0, 2], sport: 40000, dport: 443, proto: 'TRANSPORT_TCP' });
  // 3 TCP packets: 54 bytes (SYN), 154 and 1254: counted by the kernel program.
  assert.equal(https.value, { packets: 3, bytes: 54 + 154 + 1254, min_len: 54, max_len: 1254, seen_syn: true });
  assert.equal(out.https, https.value, 'lookup by a typed key finds the same entry');
  const dns = out.entries.filter((e) => e.key.proto === 'TRANSPORT_UDP');
  assert.equal(dns.map((e) => e.value.packets), [1, 1]);
  assert.ok(dns.every((e) => e.value.seen_syn === false));
});

test('shared-map: two processes share the pinned map; it outlives the loader; nothing left pinned', () => {
  const out = runExample('shared-map');
  assert.is(out.readHere, 100, 'this process read what the loader wrote');
  assert.is(out.readByLoader, 200, 'the loader read what this process wrote');
  assert.is(out.readAfterLoaderExit, 100);
  assert.not.ok(existsSync(out.pinPath), 'the example removed its pin');
  assert.not.ok(existsSync(out.pinPath.replace(/\/counters$/, '')), 'and its bpffs');
});

test('shared-map: with --pin-root, pins there and leaves the directory as it was', () => {
  const fs = mountBpffs();
  try {
    const out = runExample('shared-map', '--pin-root', fs.dir);
    assert.is(out.pinPath, `${fs.dir}/counters`);
    assert.is(out.readByLoader, 200);
    assert.equal(pinsUnder(fs.dir), []);
  } finally {
    fs.cleanup();
  }
});

test('every example is listed in examples/README.md and shipped (package.json files)', () => {
  const readme = readFileSync(`${repoRoot}examples/README.md`, 'utf8');
  const files = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')).files;
  for (const name of ['xdp-counter', 'shared-map', 'typed-dump']) {
    assert.ok(readme.includes(`## ${name}/`), `${name} in examples/README.md`);
    assert.ok(files.some((f) => f.startsWith(`examples/${name}/`)), `${name} in package.json files`);
  }
});

test.run();
