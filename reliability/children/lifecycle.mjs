// node lifecycle.mjs OBJECT PIN_ROOT PINS_DIR [BARRIER]
// The facade's side of reliability/native/lifecycle.c, step for step (see there): open,
// load, pin, unpin, close of one object, between two fd counts that serve as strace
// markers. A step that fails with LibbpfError records -errno; any other exception records
// its class name (the harness counts it as a wrong error). Prints one JSON line.
import { readdirSync, readlinkSync, openSync, readSync, closeSync } from 'node:fs';
import { BpfObject, LibbpfError, setLogger, libbpfVersion } from '../../dist/index.js';

const [objectPath, pinRoot, pinsArg, barrier] = process.argv.slice(2);
const pins = pinsArg === '-' ? undefined : pinsArg;
setLogger(() => {});

/** Open fds as "N -> target" (one readdir, the marker; readlink is not a traced call). */
const openFds = () => readdirSync('/proc/self/fd').map((fd) => {
  try { return `${fd} -> ${readlinkSync(`/proc/self/fd/${fd}`)}`; } catch { return `${fd} (closed)`; }
});
const steps = [];
function step(op, fn) {
  try {
    fn();
    steps.push({ op, ret: 0 });
  } catch (e) {
    if (e instanceof LibbpfError) steps.push({ op, ret: -e.errno, code: e.code });
    else steps.push({ op, ret: null, error: `${e?.constructor?.name}: ${e?.message}` });
  }
}

if (barrier) {
  // Racing: the package's one-time loading (addon, module compile) before the start line.
  libbpfVersion();
  const fd = openSync(barrier, 'r');
  const buf = Buffer.alloc(16);
  while (readSync(fd, buf) > 0);
  closeSync(fd);
}

const before = openFds();
let obj;
step('open', () => { obj = BpfObject.open(objectPath, { pinRootPath: pinRoot }); });
const maps = [];
if (obj) {
  step('load', () => obj.load());
  if (pins) {
    for (const map of obj.maps) {
      if (map.pinPath !== null) continue;
      step('pin_map', () => map.pin(`${pins}/${map.name}`));
    }
    step('unpin_maps', () => obj.unpinMaps());
    step('pin_programs', () => obj.pinPrograms(`${pins}/progs`));
    step('unpin_programs', () => obj.unpinPrograms(`${pins}/progs`));
  } else {
    for (const map of obj.maps) {
      let id = 0;
      try { if (map.fd >= 0) id = map.info().id; } catch { /* as native: id 0 */ }
      maps.push({ name: map.name, id, pinned: map.isPinned });
    }
  }
  try {
    obj.close();
  } catch (e) {
    steps.push({ op: 'close', ret: null, error: `${e?.constructor?.name}: ${e?.message}` });
  }
}
// The end marker first: touching process.stdout makes syscalls of its own (fstat, fcntl).
let after = openFds();
if (after.some((fd) => !before.includes(fd))) {
  // Node's own threads open files now and then (V8 reads /proc/sys/vm/overcommit_memory):
  // an fd the package leaked is still open a moment later.
  await new Promise((resolve) => setTimeout(resolve, 200));
  after = openFds();
}
const leaked = after.filter((fd) => !before.includes(fd));
const result = { steps, maps, fds_left: after.length - before.length };
if (leaked.length) result.leaked = leaked;
process.stdout.write(`${JSON.stringify(result)}\n`);
