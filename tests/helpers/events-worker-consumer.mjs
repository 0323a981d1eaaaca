// A worker that starts a RingBuffer on a map fd it is given and ends without closing it:
// the addon's watch must go with the worker's event loop (env cleanup hook), not crash.
import { parentPort, workerData } from 'node:worker_threads';
import { RingBuffer, MapType } from '../../dist/index.js';

let seen = 0;
const rb = new RingBuffer({ fd: workerData.mapFd, type: MapType.RINGBUF, maxEntries: 4096 }, () => { seen++; });
rb.start();
parentPort.on('message', () => {
  parentPort.postMessage(seen);
  process.exit(0); // the buffer and its watch are left open on purpose
});
parentPort.postMessage('started');
