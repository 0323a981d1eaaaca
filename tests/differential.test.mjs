// Every scenario in tests/scenarios/ through native libbpf 1.1.2 and through the module:
// identical records, or a difference listed (with its cause) in docs/differences.md.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { readScenario } from '../dist/diff/scenario.js';
import { diffScenario } from '../dist/diff/harness.js';
import { sideBySide } from '../dist/diff/compare.js';
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

  test.after(() => {
    console.log(`differential agreement: ${identical} of ${files.length} scenarios identical between native libbpf 1.1.2 and libbpf-wasm`);
  });
}

runWithFdCheck(test);
