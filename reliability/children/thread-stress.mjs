// node thread-stress.mjs BPFFS WORKERS ITERATIONS
// WORKERS worker threads and the main thread, all at once, each ITERATIONS times: open an
// object, load it (auto-pinning under its own pin root), update/lookup/walk/delete its maps,
// close. A crash of the process is a signal exit the parent sees; errors thrown in a thread
// are counted here. Prints one JSON line: { threads: [{ iterations, errors: [...] }] }.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { BpfObject, setLogger } from '../../dist/index.js';

const objectPath = fileURLToPath(new URL('../../tests/bpf/build/pin_by_name.bpf.o', import.meta.url));

function stress(pinRoot, iterations) {
  setLogger(() => {});
  const errors = [];
  let done = 0;
  const key = new Uint8Array(4);
  const value = new Uint8Array(8);
  for (let i = 0; i < iterations; i++) {
    try {
      const obj = BpfObject.open(objectPath, { pinRootPath: pinRoot });
      try {
        obj.load();
        const hash = obj.map('pinned_hash');
        for (let k = 0; k < 8; k++) {
          key[0] = k;
          value[0] = i & 0xff;
          hash.update(key, value);
          if (hash.lookup(key)?.[0] !== value[0]) throw new Error('lookup returned another value');
        }
        if ([...hash.keys()].length !== 8) throw new Error('keys() did not return the 8 keys');
        for (let k = 0; k < 8; k++) {
          key[0] = k;
          hash.delete(key);
        }
        obj.map('pinned_array').lookup(new Uint8Array(4));
        obj.unpinMaps();
      } finally {
        obj.close();
      }
      done += 1;
    } catch (e) {
      errors.push(`${e?.constructor?.name}: ${e?.message}`.slice(0, 300));
    }
  }
  return { iterations: done, errors };
}

if (isMainThread) {
  const [bpffs, workersArg, iterationsArg] = process.argv.slice(2);
  const iterations = Number(iterationsArg);
  const workers = Array.from({ length: Number(workersArg) }, (_, i) => new Promise((resolve) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { pinRoot: `${bpffs}/w${i}`, iterations } });
    w.on('message', resolve);
    w.on('error', (e) => resolve({ iterations: 0, errors: [`worker error: ${e?.message}`] }));
    w.on('exit', (code) => resolve({ iterations: 0, errors: [`worker exited ${code} without a result`] }));
  }));
  const main = stress(`${bpffs}/main`, iterations);
  const threads = [main, ...(await Promise.all(workers))];
  process.stdout.write(`${JSON.stringify({ threads })}\n`);
} else {
  parentPort.postMessage(stress(workerData.pinRoot, workerData.iterations));
}
