// The host ABI is declared once (libbpf-wasm/host-abi.json); everything else that names an
// import is generated from it or checked against it here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostAddon } from '../dist/host/addon.js';
import { repoRoot } from './helpers/objects.mjs';

const manifest = JSON.parse(readFileSync(`${repoRoot}libbpf-wasm/host-abi.json`, 'utf8'));

test('the generated TypeScript glue is current', () => {
  const r = spawnSync(process.execPath, [`${repoRoot}libbpf-wasm/gen/host-abi.mjs`, '--check'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
});

test('the generated constants (src/bpf-enums.ts) are current', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbw-enums-'));
  try {
    execFileSync(process.execPath, [`${repoRoot}libbpf-wasm/gen/bpf-enums.mjs`,
      `${repoRoot}vendor/libbpf/src/include/uapi/linux/bpf.h`, join(dir, 'e.ts')]);
    assert.is(readFileSync(join(dir, 'e.ts'), 'utf8'), readFileSync(`${repoRoot}src/bpf-enums.ts`, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the module imports exactly what the manifest declares, and the addon serves each', () => {
  const wasm = new WebAssembly.Module(readFileSync(`${repoRoot}libbpf-wasm/dist/libbpf.wasm`));
  const imported = WebAssembly.Module.imports(wasm).map((i) => `${i.module}.${i.name}`).sort();
  const declared = manifest.imports.map((i) => `${i.module}.${i.name}`).sort();
  assert.equal(imported, declared);
  const addon = hostAddon();
  for (const i of manifest.imports.filter((x) => x.addon)) {
    assert.type(addon[i.addon], 'function', `addon.${i.addon} serves ${i.module}.${i.name}`);
  }
});

test('docs/host-abi.md documents every import', () => {
  const doc = readFileSync(`${repoRoot}docs/host-abi.md`, 'utf8');
  for (const i of manifest.imports) assert.ok(doc.includes(`\`${i.name}`), `${i.module}.${i.name} is documented`);
});

test('the bpf() commands that return fds come from the pointer table', () => {
  const cmds = hostAddon().fdResultCmds;
  // BPF_MAP_CREATE 0, BPF_PROG_LOAD 5, BPF_OBJ_GET 7, BPF_LINK_CREATE 28; BPF_MAP_LOOKUP_ELEM 1 is not.
  for (const c of [0, 5, 7, 28]) assert.ok(cmds.has(c), `cmd ${c}`);
  assert.not.ok(cmds.has(1));
});

test.run();
