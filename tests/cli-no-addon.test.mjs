// The CLI's commands that need no kernel (inspect, btf dump of a file, gen types) run where
// the native addon is unavailable (LIBBPF_WASM_NO_ADDON=1, what a machine without a
// compiler or a macOS laptop sees) and print exactly what they print with it; a command
// that needs the kernel fails with exit 1 and the ENOADDON error's message naming the fix.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { repoRoot, exampleObject, testObject } from './helpers/objects.mjs';

function cli(noAddon, ...args) {
  return spawnSync(process.execPath, [`${repoRoot}dist/cli.js`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIBBPF_WASM_NO_ADDON: noAddon ? '1' : '0' },
  });
}

const objects = [exampleObject('pinning'), testObject('typed_values'), testObject('maps_all')];
const commands = [
  ['inspect', '-j'],
  ['inspect'],
  ['btf', 'dump', '--format', 'c'],
  ['btf', 'dump', '-j'],
  ['gen', 'types'],
];

test('inspect, btf dump and gen types: the same output without the addon as with it', () => {
  for (const obj of objects) {
    for (const [cmd, ...rest] of commands) {
      const args = cmd === 'gen' ? [cmd, rest[0], obj, ...rest.slice(1)]
        : cmd === 'btf' ? [cmd, rest[0], obj, ...rest.slice(1)] : [cmd, obj, ...rest];
      const withIt = cli(false, ...args);
      const without = cli(true, ...args);
      assert.is(withIt.status, 0, `${args.join(' ')} with the addon: ${withIt.stderr}`);
      assert.is(without.status, 0, `${args.join(' ')} without the addon: ${without.stderr}`);
      assert.ok(without.stdout.length > 0, args.join(' '));
      assert.is(without.stdout, withIt.stdout, args.join(' '));
    }
  }
});

test('a command that needs the kernel fails with exit 1, saying it needs the addon and how to build it', () => {
  for (const args of [['map', 'list'], ['prog', 'list'], ['load', exampleObject('pinning')]]) {
    const r = cli(true, ...args);
    assert.is(r.status, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /needs the native host addon/, args.join(' '));
    assert.match(r.stderr, /npm rebuild libbpf-wasm/, args.join(' '));
  }
});

test.run();
