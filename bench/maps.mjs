// Map element ops, interleaved: native libbpf 1.1.2 (bench/native/map_ops.c), the floor
// (the fast path's bare calls: no facade, no result; what any op from Node costs here),
// libbpf-wasm on each element path (fast: V8 fast call; napi: Node-API; module: libbpf in
// wasm for everything, see src/map-direct.ts) and the `bpf` npm package, on the same maps of
// tests/bpf/build/bench_maps.bpf.o. Each side runs in its own process pinned to one CPU,
// timed in CPU time; the sides take turns within every round (rotating who goes first),
// and each ratio is the median over rounds of (side / native of the same round).
//   node bench/maps.mjs [--rounds N] [--iterations N] [--cpu N] [--json FILE]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeTool } from './native-tool.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const rounds = Number(arg('rounds', process.env.BENCH_ROUNDS ?? 5));
const iterations = Number(arg('iterations', process.env.BENCH_ITERATIONS ?? 200_000));
const cpu = arg('cpu', '1');
const jsonFile = arg('json', `${root}build/bench/maps.json`);
const object = `${root}tests/bpf/build/bench_maps.bpf.o`;

const OPS = ['lookup', 'update', 'delete', 'next_key', 'percpu_lookup', 'percpu_update', 'lookup_batch', 'update_batch'];
const LABEL = {
  lookup: 'lookup (hash u32 -> u64)', update: 'update', delete: 'delete', next_key: 'next key',
  percpu_lookup: 'per-CPU lookup (flat)', percpu_update: 'per-CPU update (flat)',
  lookup_batch: 'batch lookup, per element', update_batch: 'batch update, per element',
};
const SIDES = ['native', 'floor', 'fast', 'napi', 'module', 'bpf'];
const TITLE = { native: 'native libbpf', floor: 'bare fast call', fast: 'wasm fast', napi: 'wasm napi', module: 'wasm module', bpf: 'bpf (npm)' };

function runSide(side) {
  const cmd = side === 'native'
    ? [nativeTool('map_ops'), object, String(iterations)]
    : [process.execPath, `${root}bench/maps-child.mjs`, side, object, String(iterations)];
  return JSON.parse(execFileSync('taskset', ['-c', cpu, ...cmd], { encoding: 'utf8' }));
}

const results = Object.fromEntries(SIDES.map((s) => [s, []]));
for (let r = 0; r < rounds; r++) {
  const order = SIDES.map((_, i) => SIDES[(i + r) % SIDES.length]);
  for (const side of order) results[side].push(runSide(side));
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const unavailable = {};
const table = {};
for (const op of OPS) {
  table[op] = {};
  for (const side of SIDES) {
    const runs = results[side];
    if (runs.some((x) => x.unavailable)) unavailable[side] = runs.find((x) => x.unavailable).unavailable;
    const ns = median(runs.map((x) => x[op]));
    const ratio = side === 'native' ? 1 : median(runs.map((x, i) => x[op] / results.native[i][op]));
    table[op][side] = ns === undefined ? null : { ns: Math.round(ns), ratio: Number(ratio.toFixed(3)) };
  }
}
const stats = Object.fromEntries(['fast', 'napi', 'module'].map((s) => [s, results[s].at(-1)?.stats ?? null]));

const load = execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim();
console.log(`map element ops, ${iterations} per op per round, ${rounds} interleaved rounds, CPU ${cpu}, ` +
  `CPU time, medians (load average at the end: ${load})`);
console.log(`${'operation'.padEnd(27)}${SIDES.map((s) => TITLE[s].padStart(19)).join('')}`);
for (const op of OPS) {
  const cells = SIDES.map((s) => {
    const c = table[op][s];
    if (!c) return 'n/a'.padStart(19);
    return (s === 'native' ? `${c.ns} ns` : `${c.ns} ns ${c.ratio.toFixed(2)}x`).padStart(19);
  });
  console.log(`${LABEL[op].padEnd(27)}${cells.join('')}`);
}
for (const [side, why] of Object.entries(unavailable)) console.log(`${TITLE[side]}: unavailable: ${why}`);
if (!unavailable.bpf) {
  console.log('bpf (npm): no per-CPU rows: its RawMap sizes a value by the map\'s value_size, and a per-CPU ' +
    'lookup fills round_up(value_size, 8) * possible CPUs bytes, past that buffer');
}
for (const s of ['fast', 'napi', 'module']) {
  if (stats[s]) console.log(`${TITLE[s]}: path ${stats[s].path}, ${stats[s].directCalls} direct calls, ${stats[s].fastCalls} fast calls (last round)`);
}
mkdirSync(dirname(jsonFile), { recursive: true });
writeFileSync(jsonFile, `${JSON.stringify({
  when: new Date().toISOString(), node: process.version, iterations, rounds, cpu, loadavg: load,
  table, unavailable, stats, runs: results,
}, null, 1)}\n`);
console.log(`JSON: ${jsonFile}`);
