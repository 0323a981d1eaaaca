// Soak: 10,000 open/load/pin/unpin/close cycles (with a map update and lookup) in one
// process, sampled every 1,000 cycles (a child process, so that nothing of the harness
// mixes into its memory).
//
// Bounded growth means, after a warm-up of the first sampling interval:
// - open fds: exactly the count before the first cycle, at every sample;
// - pins: none left at any sample;
// - RSS: last sample - warm-up sample < 20 MiB;
// - V8 heap after a full GC: last - warm-up < 4 MiB;
// - module memory (process "external": the WebAssembly memories of the instances, which
//   a closed object releases on GC): last - warm-up < 4 MiB.
// Samples are taken after full GCs and a pause for the tasks that free those memories.
import { childScript, testObject } from './lib/paths.mjs';
import { withBpffs } from './lib/bpffs.mjs';
import { runChild } from './lib/child.mjs';

const FULL_CYCLES = 10_000;
const MiB = 2 ** 20;

export async function run({ scale = 1, log = () => {} } = {}) {
  const cycles = Math.max(20, Math.round(FULL_CYCLES * scale));
  const every = Math.min(1000, Math.max(1, Math.floor(cycles / 10)));
  const r = await withBpffs((dir) => runChild(process.execPath, ['--expose-gc', childScript('soak'),
    testObject('pin_by_name'), dir, String(cycles), String(every)], { timeoutMs: 60 * 60 * 1000, onStderr: log }));
  const row = (metric, value, target, ok) => ({ metric, value, target, ok });
  if (!r.json) {
    return { part: 'soak', rows: [row('cycles completed', 'crashed', cycles, false)],
      details: { status: r.status, signal: r.signal, stderr: r.stderr.slice(-2000) } };
  }
  const { samples, msPerCycle } = r.json;
  const [start, warm] = samples;
  const last = samples[samples.length - 1];
  const externalGrowth = last.external - warm.external;
  const rssGrowth = last.rss - warm.rss;
  const heapGrowth = last.heapUsed - warm.heapUsed;
  const fdsOff = samples.filter((s) => s.fds !== start.fds).length;
  const pinsLeft = samples.reduce((n, s) => n + s.pins, 0);
  const mib = (b) => `${(b / MiB).toFixed(1)} MiB`;
  return {
    part: 'soak',
    rows: [
      row('cycles completed', last.cycle, cycles, last.cycle === cycles),
      row('samples whose open fds differ from before the first cycle', fdsOff, 0, fdsOff === 0),
      row('pins left at samples', pinsLeft, 0, pinsLeft === 0),
      row('warm-up cycles / sample interval', `${warm.cycle} / ${every}`, '-', null),
      row('RSS growth after warm-up', mib(rssGrowth), '< 20 MiB', rssGrowth < 20 * MiB),
      row('V8 heap growth after warm-up (after GC)', mib(heapGrowth), '< 4 MiB', heapGrowth < 4 * MiB),
      row('module memory (external) growth after warm-up', mib(externalGrowth), '< 4 MiB', externalGrowth < 4 * MiB),
      row('time per cycle', `${msPerCycle.toFixed(2)} ms`, '-', null),
    ],
    details: { cycles, every, samples },
  };
}
