// What the BPF tests need from the machine: root, a working bpf(), bpffs mounts.
// Without them the kernel tests skip themselves with one line, unless BPF_TESTS=require
// (set by CI), which turns the skip into a failure.
import { mountPrivateBpffs } from '../../dist/bpffs.js';
import { listPins } from '../../dist/diff/fs-state.js';

let reason;
function probe() {
  if (reason !== undefined) return reason;
  if (process.getuid?.() !== 0) return (reason = 'not root');
  try {
    const dir = mountBpffs();
    dir.cleanup();
  } catch (e) {
    return (reason = `cannot mount bpffs: ${e.message.split('\n')[0]}`);
  }
  return (reason = '');
}

/** Returns true when the kernel tests can run; otherwise prints the skip line (or fails in CI). */
export function kernelTestsCanRun(file) {
  const why = probe();
  if (!why) return true;
  if (process.env.BPF_TESTS === 'require') {
    throw new Error(`BPF_TESTS=require but the kernel tests cannot run here: ${why}`);
  }
  console.log(`SKIP: ${file}: kernel tests need root and BPF (${why})`);
  return false;
}

/** Mounts a private bpffs in a new temp dir. cleanup() unmounts it and removes the dir. */
export const mountBpffs = () => mountPrivateBpffs();

/** Entries of a bpffs dir (recursive, sorted), for "no pin left behind" checks. */
export const pinsUnder = (dir) => listPins(dir);
