// Work that needs no kernel runs without the native addon (a machine where it cannot be
// built or loaded; here LIBBPF_WASM_NO_ADDON=1 in a child process): opening objects from
// bytes and from a path, their maps, programs, instructions and BTF, and generated types
// are the same as with the addon; calls that need the kernel fail with LibbpfError
// ENOADDON naming the call and the command that builds the addon, and leak no fd.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exampleObject, testObject } from './helpers/objects.mjs';

const child = fileURLToPath(new URL('./helpers/no-addon-child.mjs', import.meta.url));
const objects = [exampleObject('pinning'), testObject('core_reloc'), testObject('maps_all'), testObject('typed_values'),
  testObject('progs_sections')];

function describe(env) {
  const r = spawnSync(process.execPath, [child, ...objects], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const withAddon = describe({ LIBBPF_WASM_NO_ADDON: '0' });
const without = describe({ LIBBPF_WASM_NO_ADDON: '1' });

test('addonStatus() says whether the addon loads, and why not', () => {
  assert.is(withAddon.addon.available, true);
  assert.match(withAddon.addon.path, /bpfhost\.node$|\.node$/);
  assert.equal(without.addon, { available: false, reason: 'LIBBPF_WASM_NO_ADDON=1 is set' });
});

test('without the addon: objects open from bytes and from a path, described as with it', () => {
  assert.is(without.objects.length, objects.length);
  assert.ok(without.objects.every((o) => o.bytes.maps.length + o.bytes.programs.length > 0));
  assert.ok(without.objects.every((o) => o.bytes.btf && o.bytes.types.includes('export interface')));
  assert.equal(without.objects, withAddon.objects);
});

test('without the addon: load is LibbpfError ENOADDON naming the fix; the object stays usable', () => {
  const e = without.kernel.load;
  assert.ok(e, 'load() succeeded without the addon');
  assert.equal([e.name, e.code, e.errno, e.op], ['LibbpfError', 'ENOADDON', 38, 'bpf_object__load']);
  assert.match(e.message, 'npm rebuild libbpf-wasm');
  assert.match(e.message, 'LIBBPF_WASM_NO_ADDON=1 is set');
  assert.equal(without.kernel.afterLoad, without.objects[0].bytes.maps.map((m) => m.name));
});

test('without the addon: a kernel call from inside libbpf is ENOADDON naming it (map by id, pin)', () => {
  const byId = without.kernel.mapFromId;
  assert.equal([byId.name, byId.code, byId.op], ['LibbpfError', 'ENOADDON', 'bpf_map_get_fd_by_id']);
  assert.match(byId.message, 'bpf_map_get_fd_by_id: needs the native host addon (for bpf())');
  assert.match(byId.message, 'npm rebuild libbpf-wasm');
  const pin = without.kernel.pin;
  assert.equal([pin.name, pin.code, pin.op], ['LibbpfError', 'ENOADDON', 'bpf_map__pin']);
  assert.match(pin.message, /needs the native host addon \(for (mkdirat|statfs)\(\)\)/);
});

test('without the addon: vmlinux BTF (a file) still loads', () => {
  assert.ok(without.kernel.vmlinuxTypes > 1000, `${without.kernel.vmlinuxTypes} types`);
});

test('no fd left open, with or without the addon', () => {
  assert.is(without.fdsLeaked, 0);
  assert.is(withAddon.fdsLeaked, 0);
});

test.run();
