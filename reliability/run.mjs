// npm run reliability [-- --seed N --scale X --only faults,soak --out FILE]
// Runs every part of PARTS (parts.mjs), prints one table (part, metric, value, target, ok)
// and writes every part's rows and details as JSON (reliability/results.json by default).
// Exits 1 when any target is missed. Needs root (bpffs mounts, bpf()).
import { existsSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { parseArgs } from 'node:util';
import { PARTS } from './parts.mjs';
import { formatTable } from './lib/table.mjs';

const { values: opts } = parseArgs({ options: {
  seed: { type: 'string', default: '1' },
  scale: { type: 'string', default: '1' },
  only: { type: 'string' },
  out: { type: 'string', default: new URL('results.json', import.meta.url).pathname },
} });
const seed = Number(opts.seed);
const scale = Number(opts.scale);
if (!Number.isInteger(seed) || !(scale > 0 && scale <= 1)) {
  console.error('usage: node reliability/run.mjs [--seed INTEGER] [--scale (0,1]] [--only PART,...] [--out FILE]');
  process.exit(2);
}
const only = opts.only?.split(',').map((p) => p.replace(/\.mjs$/, ''));

const results = [];
for (const { file, optional } of PARTS) {
  const name = file.replace(/\.mjs$/, '');
  if (only && !only.includes(name)) continue;
  const url = new URL(file, import.meta.url);
  if (!existsSync(url)) {
    if (optional) continue;
    throw new Error(`reliability part ${file} is missing`);
  }
  const t0 = Date.now();
  process.stderr.write(`[reliability] ${name} (seed ${seed}, scale ${scale})\n`);
  let result;
  try {
    const part = await import(url);
    result = await part.run({ seed, scale, log: (line) => process.stderr.write(`[reliability] ${line}\n`) });
  } catch (e) {
    result = { part: name, rows: [{ metric: 'part ran to the end', value: String(e?.stack ?? e).split('\n')[0],
      target: 'no error', ok: false }], details: { error: String(e?.stack ?? e) } };
  }
  results.push({ ...result, seconds: (Date.now() - t0) / 1000 });
}

console.log(formatTable(['part', 'metric', 'value', 'target', 'ok'],
  results.flatMap((r) => r.rows.map((row) => [r.part, row.metric, row.value, row.target,
    row.ok === null ? '-' : row.ok ? 'yes' : 'NO']))));
const missed = results.flatMap((r) => r.rows.filter((row) => row.ok === false));
console.log(missed.length ? `${missed.length} targets missed` : 'every target met');
writeFileSync(opts.out, `${JSON.stringify({ date: new Date().toISOString(), seed, scale, node: process.version,
  kernel: release(), parts: results }, null, 2)}\n`);
console.log(`results: ${opts.out}`);
process.exitCode = missed.length ? 1 : 0;
