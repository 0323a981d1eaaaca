// Every scenario in tests/scenarios/ through native libbpf 1.1.2 and through the module:
// identical records, or a difference listed (with its cause) in docs/differences.md.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { readScenario } from '../dist/diff/scenario.js';
import { diffScenario } from '../dist/diff/harness.js';
import { sideBySide } from '../dist/diff/compare.js';
import { setElementPath } from '../dist/map-direct.js';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { repoRoot } from './helpers/objects.mjs';

const dir = `${repoRoot}tests/scenarios`;
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.scn')).sort() : [];
// docs/differences.md lists known differences as "- `scenario-name`: cause".
const known = new Set([...readFileSync(`${repoRoot}docs/differences.md`, 'utf8').matchAll(/^- `([^`]+)`:/gm)].map((m) => m[1]));
let identical = 0;

if (kernelTestsCanRun('differential.test.mjs')) {
  test('the corpus has at least 60 scenarios', () => {
    assert.ok(files.length >= 60, `${files.length} scenarios`);
  });

  for (const file of files) {
    const name = file.replace(/\.scn$/, '');
    test(`native = module: ${name}`, () => {
      const scenario = readScenario(`${dir}/${file}`);
      const result = diffScenario(`${dir}/${file}`, scenario, `${repoRoot}tests/bpf/build`);
      const same = result.differences.length === 0;
      if (same) identical++;
      if (known.has(name)) {
        assert.ok(!same, `${name} is listed in docs/differences.md but is now identical: remove it from the list`);
        return;
      }
      assert.ok(same, `${scenario.description}\n${sideBySide(result.differences)}`);
    });
  }

  // Element ops take a direct path when libbpf's checks pass (src/map-direct.ts); the run
  // above uses the default one. The scenarios with element ops run again on each other
  // path: every path must agree with native libbpf on its own.
  const ELEMENT_OPS = new Set(['update', 'lookup', 'delete', 'next_key', 'update_batch', 'delete_batch', 'lookup_batch']);
  const elementFiles = files.filter((f) => readScenario(`${dir}/${f}`).steps.some((s) => ELEMENT_OPS.has(s.op)));
  test('the corpus has element-op scenarios', () => {
    assert.ok(elementFiles.length >= 8, `${elementFiles.length} scenarios with element ops`);
  });
  for (const path of ['module', 'napi']) {
    for (const file of elementFiles) {
      const name = file.replace(/\.scn$/, '');
      if (known.has(name)) continue;
      test(`native = module, element path '${path}': ${name}`, () => {
        assert.is(setElementPath(path), path);
        try {
          const scenario = readScenario(`${dir}/${file}`);
          const result = diffScenario(`${dir}/${file}`, scenario, `${repoRoot}tests/bpf/build`);
          assert.ok(result.differences.length === 0, `${scenario.description}\n${sideBySide(result.differences)}`);
        } finally {
          setElementPath('auto');
        }
      });
    }
  }

  test.after(() => {
    console.log(`differential agreement: ${identical} of ${files.length} scenarios identical between native libbpf 1.1.2 and libbpf-wasm`);
  });
}

runWithFdCheck(test);
