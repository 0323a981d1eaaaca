// A worker thread that runs emit_ring/emit_perf (by fd) until told to stop: the producer
// side of the streaming tests and the benchmark, off the main thread's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { testRun, emitConfig, programFromFd } from './test-run.mjs';

const { progFd, nrec, fixed, repeat, runs } = workerData;
let stop = false;
parentPort.on('message', () => { stop = true; });
const prog = programFromFd(progFd);
const cfg = emitConfig(nrec, fixed);
let done = 0;
function step() {
  if (stop || done >= runs) {
    prog.close();
    parentPort.postMessage(done);
    parentPort.close(); // the listener above would keep the thread alive
    return;
  }
  testRun(prog, cfg, repeat);
  done++;
  setImmediate(step); // lets the stop message in
}
step();
