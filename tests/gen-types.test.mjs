// `libbpf-wasm gen types`: declarations for every project object, type-checked with tsc
// --strict together with code that uses them; a misuse must fail to type-check (the
// types are real, not any); and the types match what get() returns at run time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { repoRoot } from './helpers/objects.mjs';

const cli = (args) => spawnSync(process.execPath, [`${repoRoot}dist/cli.js`, ...args], { encoding: 'utf8' });
// Objects libbpf itself refuses to open (they exist to test that refusal).
const UNOPENABLE = new Set(['legacy_maps', 'pin_invalid']);
const objects = [
  ...readdirSync(`${repoRoot}tests/bpf/build`).filter((f) => f.endsWith('.bpf.o')).map((f) => `${repoRoot}tests/bpf/build/${f}`),
  ...readdirSync(`${repoRoot}examples/build`).filter((f) => f.endsWith('.bpf.o')).map((f) => `${repoRoot}examples/build/${f}`),
].filter((p) => !UNOPENABLE.has(p.split('/').pop().replace('.bpf.o', '')));

/** A scratch dir inside the repository, so that tsc finds @types/node in node_modules. */
function scratch(fn) {
  mkdirSync(`${repoRoot}build`, { recursive: true });
  const dir = mkdtempSync(`${repoRoot}build/gen-types-test-`);
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tsc(dir, files) {
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'ESNext.Disposable'],
      types: ['node'], typeRoots: [`${repoRoot}node_modules/@types`], strict: true, noEmit: true,
      noUnusedLocals: true, skipLibCheck: true,
    },
    files,
  }));
  return spawnSync(process.execPath, [`${repoRoot}node_modules/typescript/bin/tsc`, '-p', `${dir}/tsconfig.json`], { encoding: 'utf8' });
}

const usage = (lib) => `import { BpfObject, UpdateFlags } from ${JSON.stringify(lib)};
import { typedValues, type flow, type endpoint } from './typed_values.js';

const obj = typedValues(BpfObject.open('typed_values.bpf.o'));
obj.globals.targ_pid = 42;
obj.globals.targ_comm = 'bash';
const kver: number | undefined = obj.globals.LINUX_KERNEL_VERSION;
obj.load();
const flows = obj.map('flows');
const key: endpoint = { addr: 1, port: 2 };
const value: flow | undefined = flows.get(key);
if (value) value.stats[3].bytes += 1n;
flows.set(key, value!, UpdateFlags.ANY);
for (const [k, v] of obj.map('percpu_stats').typedEntries()) console.log(k + 1, v[0].packets * 2n);
obj.map('colors').set('BLUE', -1n);
obj.map('tagged_map').set(1n, { kind: 1, ival: 2, num: { u: 3n } });
console.log(kver, obj.map('bits_map').get(0)?.e === 'GREEN', obj.map('anything')?.name);
obj.close();
`;

test('gen types: every project object; the output and code using it type-check with tsc --strict', () => {
  scratch((dir) => {
    const files = [];
    for (const o of objects) {
      const name = o.split('/').pop().replace('.bpf.o', '');
      const r = cli(['gen', 'types', o, '-o', `${dir}/${name}.ts`, '--import', `${repoRoot}dist/index.js`]);
      assert.is(r.status, 0, `${name}: ${r.stderr}`);
      files.push(`${name}.ts`);
    }
    assert.ok(files.length >= 20, `${files.length} objects`);
    writeFileSync(`${dir}/use.ts`, usage(`${repoRoot}dist/index.js`));
    const r = tsc(dir, [...files, 'use.ts']);
    assert.is(r.status, 0, r.stdout + r.stderr);
    const text = readFileSync(`${dir}/typed_values.ts`, 'utf8');
    assert.match(text, /"flows": TypedMap<endpoint, flow>;/);
    assert.match(text, /"percpu_stats": TypedMap<number, Array<counters>>;/);
    assert.match(text, /export type color = "RED" \| "GREEN" \| "BLUE" \| number;/);
    assert.match(text, /readonly LINUX_KERNEL_VERSION: number \| undefined;/);
  });
});

test('misuse fails to type-check: the generated types are not any', () => {
  scratch((dir) => {
    const r0 = cli(['gen', 'types', `${repoRoot}tests/bpf/build/typed_values.bpf.o`, '-o', `${dir}/typed_values.ts`, '--import', `${repoRoot}dist/index.js`]);
    assert.is(r0.status, 0, r0.stderr);
    const misuses = [
      ["obj.map('flows').set({ addr: 1, port: 2 }, { src: { addr: 1, port: 2 } });", /not assignable to parameter of type 'flow'/],
      ["obj.globals.targ_pid = 'x';", /'string' is not assignable to type 'number'/],
      ["obj.globals.LINUX_KERNEL_VERSION = 1;", /read-only/],
      ["obj.map('colors').set('PINK', 1n);", /PINK/],
      ["const n: number = obj.map('flows').get({ addr: 1, port: 2 })!.stats[0].bytes;", /bigint/],
    ];
    misuses.forEach(([line], i) => writeFileSync(`${dir}/bad${i}.ts`, `import { BpfObject } from ${JSON.stringify(`${repoRoot}dist/index.js`)};
import { typedValues } from './typed_values.js';
const obj = typedValues(BpfObject.open('x.o'));
${line}
export {};
`));
    const r = tsc(dir, ['typed_values.ts', ...misuses.map((_, i) => `bad${i}.ts`)]);
    assert.is.not(r.status, 0);
    misuses.forEach(([line, why], i) => {
      const errors = r.stdout.split('\n').filter((l) => l.includes(`bad${i}.ts(`)).join('\n');
      assert.match(errors, why, `should not type-check: ${line}\n${r.stdout}`);
    });
    assert.not.match(r.stdout, /typed_values\.ts\(/, 'the generated file itself is clean');
  });
});

test('usage errors: no object, unknown option, unopenable object', () => {
  let r = cli(['gen', 'types']);
  assert.is(r.status, 2, 'a usage error');
  assert.match(r.stderr, /gen types: which object\?/);
  r = cli(['gen', 'types', 'x.o', '--bogus']);
  assert.is(r.status, 2);
  assert.match(r.stderr, /unknown option '--bogus'/);
  r = cli(['gen', 'typez', 'x.o']);
  assert.is(r.status, 2);
  assert.match(r.stderr, /gen: unknown command 'typez'/);
  r = cli(['gen', 'types', `${repoRoot}tests/bpf/build/no_such.bpf.o`]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /ENOENT/);
});

test.run();
