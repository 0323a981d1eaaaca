#!/usr/bin/env node
// examples/shared-map: one map, two processes. loader.mjs (a child process) loads
// pinning.bpf.o, which pins the map `counters` by name, and writes counters[1] = 100; this
// process opens the pin with MapHandle.fromPinned, reads counters[1], writes counters[2] =
// 200, and the loader reads that back. The map outlives the loader: it is still readable
// here after the loader has exited.
// Run as root after `npm run setup`:  node examples/shared-map/run.mjs [--pin-root DIR] [--json]
//   --pin-root DIR  a bpffs directory to pin into (default: a throwaway bpffs mounted for the run)
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MapHandle } from '../../dist/index.js';
import { mountPrivateBpffs } from '../../dist/bpffs.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const given = args.indexOf('--pin-root') >= 0 ? args[args.indexOf('--pin-root') + 1] : undefined;
// Pins live on a bpffs. Without --pin-root, mount one for this run (as `mount -t bpf bpf
// DIR` would) and remove it at the end.
const mount = given ? null : mountPrivateBpffs('shared-map-');
const pinRoot = given ?? mount.dir;

const loader = fork(fileURLToPath(new URL('loader.mjs', import.meta.url)), [pinRoot]);
/** The loader's next message; an error if it exits first (its own error is on stderr). */
function fromLoader() {
  return new Promise((resolve, reject) => {
    const onExit = (code, signal) => reject(new Error(`the loader exited (${signal ?? code}) before answering`));
    loader.once('exit', onExit);
    loader.once('message', (msg) => {
      loader.off('exit', onExit);
      resolve(msg);
    });
  });
}
let pinPath;
try {
  const ready = await fromLoader();
  pinPath = ready.pinned;

  const counters = MapHandle.fromPinned(pinPath); // a second fd on the same kernel map
  try {
    const written = counters.get(1); // written by the other process
    counters.set(2, 200n);
    loader.send('read');
    const { seen } = await fromLoader();
    if (loader.exitCode === null) await once(loader, 'exit');
    const afterExit = counters.get(1); // the loader is gone, the map is not
    const info = counters.info();
    const result = { pinPath, loaderPid: ready.pid, mapId: info.id, readHere: Number(written),
      readByLoader: Number(seen), readAfterLoaderExit: Number(afterExit) };
    if (json) {
      console.log(JSON.stringify(result));
    } else {
      console.log(`process ${ready.pid} loaded pinning.bpf.o and pinned map 'counters' (id ${info.id}) at ${pinPath}`);
      console.log(`process ${process.pid} opened the pin: counters[1] = ${written} (written by ${ready.pid})`);
      console.log(`process ${process.pid} wrote counters[2] = 200; process ${ready.pid} read it: ${seen}`);
      console.log(`after process ${ready.pid} exited: counters[1] = ${afterExit} (the pin keeps the map)`);
    }
  } finally {
    counters.close();
  }
} finally {
  loader.kill();
  // The map is freed once its last pin and fd are gone.
  if (pinPath) rmSync(pinPath, { force: true });
  mount?.cleanup();
}
