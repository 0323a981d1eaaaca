// A fixed-seed slice of one `npm run reliability` part as uvu tests: one test per row that
// has a target, asserting exactly that target (the row's ok), with the part's failing
// cases in the message.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelTestsCanRun } from './kernel.mjs';

export async function reliabilitySlice(file, partFile, { seed = 1, scale }) {
  if (!kernelTestsCanRun(file)) return;
  const part = await import(new URL(`../../reliability/${partFile}`, import.meta.url));
  const result = await part.run({ seed, scale });
  const cases = JSON.stringify(result.details.failures ?? result.details.failing ?? result.details.problems ?? [],
    null, 1).slice(0, 3000);
  for (const row of result.rows.filter((r) => r.ok !== null)) {
    test(`${result.part}: ${row.metric} (target ${row.target})`, () => {
      assert.ok(row.ok, `${row.metric}: ${row.value}, target ${row.target}\n${cases}`);
    });
  }
  test.run();
}
