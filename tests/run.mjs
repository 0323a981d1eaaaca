// Runs every tests/*.test.mjs in its own Node process (a crash in one file cannot hide
// the others), prints each file's output, and ends with the plain summary line CI reads:
// "N passed, N failed" (", N skipped" when a file skipped itself).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
const agreements = [];
for (const file of files) {
  const r = spawnSync(process.execPath, [join(here, file)], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: 15 * 60 * 1000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = strip((r.stdout ?? '') + (r.stderr ?? ''));
  process.stdout.write(`\n# ${file}\n${out}`);
  agreements.push(...(out.match(/differential agreement: .*/g) ?? []));
  const num = (label) => Number(out.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
  const total = num('Total');
  const ok = num('Passed');
  const skip = num('Skipped');
  const selfSkipped = out.match(/^SKIP: /m) ? 1 : 0;
  if (total === 0 && !selfSkipped) {
    // A file that ran no test, crashed or timed out counts as one failure.
    failed += 1;
    process.stdout.write(`# ${file}: no test ran (exit ${r.status ?? r.signal})\n`);
    continue;
  }
  passed += ok;
  skipped += skip + selfSkipped;
  failed += total - ok - skip;
  if (r.status !== 0 && total - ok - skip === 0) {
    failed += 1;
    process.stdout.write(`# ${file}: exited with ${r.status ?? r.signal}\n`);
  }
}
for (const line of agreements) process.stdout.write(`\n${line}`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed ? 1 : 0;
