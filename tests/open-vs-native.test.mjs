// Opening (no kernel needed) each of the project's BPF objects inside the module gives what
// the native build of the same libbpf gives: map names, types, sizes, flags, pin paths and
// program names, sections, types, in libbpf's order; or the same errno.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { BpfObject, LibbpfError, setLogger } from '../dist/index.js';
import { runWithFdCheck } from './helpers/fds.mjs';
import { repoRoot } from './helpers/objects.mjs';

setLogger(() => {});
const inspect = `${repoRoot}build/native/bin/inspect`;
const objects = ['tests/bpf/build', 'examples/build']
  .flatMap((d) => (existsSync(repoRoot + d) ? readdirSync(repoRoot + d).map((f) => `${d}/${f}`) : []))
  .filter((f) => f.endsWith('.bpf.o'));

function native(file) {
  return JSON.parse(execFileSync(inspect, [file, '--pin-root', '/tmp/pin-root'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
}

function viaModule(bytes, name) {
  let obj;
  try {
    obj = BpfObject.open(bytes, { pinRootPath: '/tmp/pin-root', objectName: name });
  } catch (e) {
    if (e instanceof LibbpfError) return { ok: false, errno: e.errno };
    throw e;
  }
  try {
    return {
      ok: true,
      name: obj.name,
      maps: obj.maps.map((m) => ({
        name: m.name, type: m.type, key_size: m.keySize, value_size: m.valueSize,
        max_entries: m.maxEntries, map_flags: m.mapFlags, pin_path: m.pinPath,
      })),
      programs: obj.programs.map((p) => ({
        name: p.name, section: p.sectionName, type: p.type, expected_attach_type: p.expectedAttachType,
        autoload: p.autoload,
      })),
    };
  } finally {
    obj.close();
  }
}

test('the corpus is built', () => {
  assert.ok(existsSync(inspect), `${inspect} is built`);
  assert.ok(objects.length >= 10, `${objects.length} objects`);
});

for (const file of objects) {
  test(`open_mem in the module = native open_file: ${file}`, () => {
    const want = native(repoRoot + file);
    // The native tool names the object after the file; give the module the same name.
    const name = file.split('/').pop().split('.')[0];
    const got = viaModule(new Uint8Array(readFileSync(repoRoot + file)), name);
    assert.equal(got, want);
  });
}

runWithFdCheck(test);
