// node --expose-gc soak.mjs OBJECT BPFFS CYCLES EVERY
// CYCLES open/load/pin/unpin/close cycles of OBJECT in this one process; every EVERY
// cycles (and before the first) a sample: open fds, RSS, V8 heap after a full GC, external
// memory, pins left. Progress lines go to stderr, the samples as one JSON line to stdout.
import { BpfObject, setLogger } from '../../dist/index.js';
import { openFdCount, listPins } from '../../dist/diff/fs-state.js';

const [object, bpffs, cyclesArg, everyArg] = process.argv.slice(2);
const cycles = Number(cyclesArg);
const every = Number(everyArg);
setLogger(() => {});
const key = new Uint8Array(4);
const value = new Uint8Array(8);

function cycle(i) {
  const obj = BpfObject.open(object, { pinRootPath: bpffs });
  try {
    obj.load(); // auto-pins the LIBBPF_PIN_BY_NAME maps
    const pinned = obj.map('pinned_hash');
    new DataView(value.buffer).setUint32(0, i, true);
    pinned.update(key, value);
    if (pinned.lookup(key)?.[0] !== value[0]) throw new Error(`cycle ${i}: lookup returned another value`);
    obj.map('unpinned').pin(`${bpffs}/unpinned`);
    obj.unpinMaps();
  } finally {
    obj.close();
  }
}

async function sample(done) {
  // Instances' memories are freed after GC by tasks of their own: let them run, until
  // external memory stops falling (50 ms a round: on a loaded machine 10 ms was too short
  // for the free of a discarded instance's 16 MiB, which then counted as growth).
  let external = Infinity;
  for (let i = 0; i < 20 && (i < 5 || process.memoryUsage().external < external); i++) {
    external = process.memoryUsage().external;
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const m = process.memoryUsage();
  return { cycle: done, fds: openFdCount(), rss: m.rss, heapUsed: m.heapUsed, external: m.external,
    pins: listPins(bpffs).length };
}

// The first write to a piped stderr opens an fd of Node's own: before the first sample.
process.stderr.write(`soak: ${cycles} cycles of ${object.split('/').pop()}\n`);
const samples = [await sample(0)];
const t0 = Date.now();
for (let i = 1; i <= cycles; i++) {
  cycle(i);
  if (i % every === 0 || i === cycles) {
    const s = await sample(i);
    samples.push(s);
    process.stderr.write(`soak: ${i} cycles, ${s.fds} fds, RSS ${(s.rss / 2 ** 20).toFixed(1)} MiB, ` +
      `heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MiB, external ${(s.external / 2 ** 20).toFixed(1)} MiB, ` +
      `${s.pins} pins, ${((Date.now() - t0) / i).toFixed(2)} ms/cycle\n`);
  }
}
process.stdout.write(`${JSON.stringify({ samples, msPerCycle: (Date.now() - t0) / cycles })}\n`);
