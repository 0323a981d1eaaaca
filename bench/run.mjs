// npm run bench: map element ops (bench/maps.mjs: native libbpf, libbpf-wasm on each
// element path, the `bpf` npm package; interleaved, pinned, CPU time, medians; a table and
// build/bench/maps.json), the memory one module instance takes, then events and lifecycle.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BpfObject } from '../dist/index.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const object = `${root}tests/bpf/build/pin_by_name.bpf.o`;

const maps = spawnSync(process.execPath, [fileURLToPath(new URL('./maps.mjs', import.meta.url)), ...process.argv.slice(2)],
  { stdio: 'inherit' });
if (maps.status !== 0) process.exitCode = 1;

const rssBefore = process.memoryUsage().rss;
const held = Array.from({ length: 10 }, () => BpfObject.open(object));
const perObjectMiB = (process.memoryUsage().rss - rssBefore) / 10 / 2 ** 20;
for (const o of held) o.close();
console.log(`memory: ${perObjectMiB.toFixed(1)} MiB of resident memory per opened BpfObject (own module instance)`);

// Events (ring and perf buffers) against native libbpf: its own process, pinned to one CPU.
spawnSync(process.execPath, [fileURLToPath(new URL('./events.mjs', import.meta.url))], { stdio: 'inherit' });

// Object lifecycle (open+load+close, live objects) against native libbpf.
spawnSync(process.execPath, [fileURLToPath(new URL('./lifecycle.mjs', import.meta.url))], { stdio: 'inherit' });

// Cold start (import -> first open) on Node 20 and, when installed, the other supported lines.
spawnSync(process.execPath, [fileURLToPath(new URL('./cold-start.mjs', import.meta.url)), '--lines'], { stdio: 'inherit' });
