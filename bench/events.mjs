// npm run bench (events part): events consumed per second, RingBuffer / PerfBuffer against
// native libbpf 1.1.2's ring_buffer__consume / perf_buffer__consume (bench/native/
// events_bench.c), on the same program (tests/bpf/events_emit.bpf.c): the buffer is filled
// with N records by BPF_PROG_TEST_RUN, then one consume() drains it, timed; the callbacks
// read the first byte. Rounds interleave native and wasm; medians. Pinned to CPU 0 (perf:
// the run and its ring must be on the same CPU): this file re-runs itself under taskset.
import { execFileSync, spawnSync } from 'node:child_process';
import { nativeTool } from './native-tool.mjs';
import { fileURLToPath } from 'node:url';
import { BpfObject, RingBuffer, PerfBuffer, setLogger } from '../dist/index.js';
import { testRun, emitConfig } from '../tests/helpers/test-run.mjs';

if (process.env.EVENTS_BENCH_PINNED !== '1') {
  const r = spawnSync('taskset', ['-c', '0', process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit', env: { ...process.env, EVENTS_BENCH_PINNED: '1' },
  });
  process.exit(r.status ?? 1);
}

const root = fileURLToPath(new URL('../', import.meta.url));
const object = `${root}tests/bpf/build/events_emit.bpf.o`;
const events = Number(process.env.BENCH_EVENTS ?? 1 << 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

const bytesFor = (kind, size) => {
  const perRecord = kind === 'perf' ? Math.ceil((size + 4) / 8) * 8 + 8 : Math.ceil(size / 8) * 8 + 8;
  let p = 4096;
  while (p < eventsFor(size) * perRecord + 4096) p *= 2;
  return p;
};

// 256-byte records: a quarter as many, so the buffers stay near 64-128 MiB.
const eventsFor = (size) => (size > 64 ? events >> 2 : events);

function native(kind, size) {
  return JSON.parse(execFileSync(nativeTool('events_bench'), [object, kind, String(size), String(eventsFor(size))], { encoding: 'utf8' }));
}

function wasm(kind, size) {
  const obj = BpfObject.open(object);
  try {
    const bytes = bytesFor(kind, size);
    if (kind === 'ring') obj.map('rb').setMaxEntries(bytes);
    obj.load();
    let seen = 0;
    let sum = 0;
    const buf = kind === 'ring'
      ? new RingBuffer(obj.map('rb'), (d) => { sum += d[0]; seen++; })
      : new PerfBuffer(obj.map('pb'), { pageCount: bytes / 4096, onSample: (cpu, d) => { sum += d[0]; seen++; } });
    try {
      testRun(obj.program(kind === 'ring' ? 'emit_ring' : 'emit_perf').fd, emitConfig(64, size), eventsFor(size) / 64);
      const t0 = process.hrtime.bigint();
      buf.consume();
      return { events: seen, ns: Number(process.hrtime.bigint() - t0), sum };
    } finally {
      buf.close();
    }
  } finally {
    obj.close();
  }
}

setLogger(() => {});
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rate = (r) => r.events / (r.ns / 1e9);
console.log(`\nevents consumed per second (one consume() draining ${events} records of 16 B, ${eventsFor(256)} of 256 B; ` +
  `median of ${rounds} interleaved rounds; CPU 0)`);
console.log('buffer  record   native libbpf    libbpf-wasm    ratio');
const rss = [];
for (const kind of ['ring', 'perf']) {
  for (const size of [16, 256]) {
    const n = [];
    const w = [];
    for (let r = 0; r < rounds; r++) {
      n.push(native(kind, size));
      w.push(wasm(kind, size));
      rss.push(process.memoryUsage().rss);
      const last = w.at(-1);
      if (last.events !== eventsFor(size) || last.sum !== n.at(-1).sum) {
        throw new Error(`${kind} ${size}: wasm saw ${last.events} events (sum ${last.sum}), native ${n.at(-1).events} (sum ${n.at(-1).sum})`);
      }
    }
    const nr = median(n.map(rate));
    const wr = median(w.map(rate));
    console.log(`${kind.padEnd(6)}  ${String(size).padStart(4)} B  ${(nr / 1e6).toFixed(1).padStart(9)} M/s  ` +
      `${(wr / 1e6).toFixed(1).padStart(9)} M/s   ${(wr / nr).toFixed(2)}x`);
  }
}
console.log(`memory: resident ${(rss[0] / 2 ** 20).toFixed(0)} MiB after the first round, ` +
  `${(rss.at(-1) / 2 ** 20).toFixed(0)} MiB after the last (${rss.length} rounds, each its own object and buffer)`);
