// Object lifecycle against native libbpf 1.1.2 (bench/native/lifecycle.c), interleaved:
//   cycle   CPU time of one open + load + close (median of 10 batches), per object
//   alive   RSS of 100 loaded objects alive at once, over the process before them
//   soak    RSS across many sequential cycles (flat is the target)
// (the cold start, import -> first open, is bench/cold-start.mjs)
// Each side runs in its own child process pinned to one CPU, so neither warms the other.
// Usage: node bench/lifecycle.mjs [--cycles N] [--soak N] [--json FILE]   (npm run bench runs it)
//   --soak   cycles of the soak (default 10 x --cycles; `--soak 10000` is the target run)
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { nativeTool } from './native-tool.mjs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mountPrivateBpffs } from '../dist/bpffs.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values: opt } = parseArgs({ options: {
  cycles: { type: 'string', default: '100' }, soak: { type: 'string' }, json: { type: 'string' },
} });
const cycles = Number(opt.cycles);
const soakCycles = Number(opt.soak ?? Math.max(cycles * 10, 100));
const objects = {
  example: `${root}examples/build/pinning.bpf.o`,
  'co-re heavy': `${root}tests/bpf/build/core_heavy.bpf.o`,
};

/** The module side of one measurement, run as a child: the same shape of JSON as native. */
const child = `
  const [mode, object, n, pinRoot] = process.argv.slice(1);
  const { BpfObject, setLogger } = await import('${root}dist/bundle/libbpf-wasm.mjs'); // the package entry
  setLogger(() => {}, { level: 'warn' }); // as native's quiet print callback: debug not formatted
  const openLoad = () => { const o = BpfObject.open(object, { pinRootPath: pinRoot }); o.load(); return o; };
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) * 1000; };
  const rss = () => process.memoryUsage.rss();
  if (mode === 'cycles') {
    openLoad().close();
    const per = Math.max(1, Math.floor(n / 10)), t = [];
    for (let b = 0; b < 10; b++) {
      const c0 = cpu();
      for (let i = 0; i < per; i++) openLoad().close();
      t.push((cpu() - c0) / per);
    }
    t.sort((a, b) => a - b);
    console.log(JSON.stringify({ cycle_ns: t[5] }));
  } else if (mode === 'alive') {
    openLoad().close();
    const before = rss();
    const objs = Array.from({ length: Number(n) }, openLoad);
    console.log(JSON.stringify({ rss_before: before, rss_alive: rss() }));
    for (const o of objs) o.close();
  } else if (mode === 'soak') {
    const samples = [];
    for (let i = 1; i <= Number(n); i++) {
      openLoad().close();
      if (i % Math.max(1, Math.floor(n / 10)) === 0) samples.push(rss());
    }
    console.log(JSON.stringify({ rss_samples: samples }));
  }
`;

function moduleSide(mode, object, n, pinRoot) {
  const out = execFileSync('taskset', ['-c', '1', process.execPath, '--input-type=module', '-e', child,
    mode, object, String(n), pinRoot], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

function nativeSide(mode, object, n, pinRoot) {
  return JSON.parse(execFileSync('taskset', ['-c', '1', nativeTool('lifecycle'), mode, object, String(n), pinRoot], { encoding: 'utf8' }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fs = mountPrivateBpffs('libbpf-wasm-bench-');
const report = { cycles: {}, alive: {}, soak: {} };
try {
  for (const [label, object] of Object.entries(objects)) {
    if (!existsSync(object)) continue;
    const n = [], w = [];
    for (let r = 0; r < 3; r++) { // interleaved rounds
      n.push(nativeSide('cycles', object, cycles, fs.dir).cycle_ns);
      w.push(moduleSide('cycles', object, cycles, fs.dir).cycle_ns);
    }
    report.cycles[label] = { native_ns: median(n), wasm_ns: median(w), ratio: median(w) / median(n) };
  }
  const nat = nativeSide('alive', objects.example, 100, fs.dir);
  const mod = moduleSide('alive', objects.example, 100, fs.dir);
  report.alive = {
    native_mib: (nat.rss_alive - nat.rss_before) / 2 ** 20,
    wasm_mib: (mod.rss_alive - mod.rss_before) / 2 ** 20,
  };
  const soak = moduleSide('soak', objects.example, soakCycles, fs.dir).rss_samples;
  report.soak = { cycles: soakCycles, rss_mib: soak.map((b) => +(b / 2 ** 20).toFixed(1)),
    growth_mib: (soak[soak.length - 1] - soak[0]) / 2 ** 20 };
} finally {
  fs.cleanup();
}

console.log('\nobject lifecycle (one CPU, CPU time, median of interleaved rounds)');
console.log('open+load+close        native libbpf   libbpf-wasm   ratio');
for (const [label, r] of Object.entries(report.cycles)) {
  console.log(`${label.padEnd(20)} ${(r.native_ns / 1e6).toFixed(2).padStart(10)} ms ${(r.wasm_ns / 1e6).toFixed(2).padStart(10)} ms   ${r.ratio.toFixed(2)}x`);
}
console.log(`100 loaded objects alive: native +${report.alive.native_mib.toFixed(1)} MiB RSS, libbpf-wasm +${report.alive.wasm_mib.toFixed(1)} MiB`);
console.log(`RSS over ${report.soak.cycles} cycles (MiB, 10 samples): ${report.soak.rss_mib.join(' ')}; ` +
  `last - first sample: ${report.soak.growth_mib >= 0 ? '+' : ''}${report.soak.growth_mib.toFixed(1)} MiB`);
if (opt.json) writeFileSync(opt.json, JSON.stringify(report, null, 2));
