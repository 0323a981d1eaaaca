// What the BPF tests need from the machine: root, a working bpf(), bpffs mounts.
// Without them the kernel tests skip themselves with one line, unless BPF_TESTS=require
// (set by CI), which turns the skip into a failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
export function mountBpffs() {
  const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-bpffs-'));
  try {
    execFileSync('mount', ['-t', 'bpf', 'bpf', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    cleanup() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Entries of a bpffs dir (recursive), for "no pin left behind" checks. The kernel's own
 *  preloaded iterators (maps.debug, progs.debug at a mount's root) are not pins. */
export function pinsUnder(dir, top = true) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (top && e.name.endsWith('.debug')) continue;
    out.push(e.name);
    if (e.isDirectory()) for (const c of pinsUnder(join(dir, e.name), false)) out.push(`${e.name}/${c}`);
  }
  return out.sort();
}
