// A private bpffs mount in a new temp dir: what the demo and `diff` pin into, so that
// nothing depends on, or is left in, /sys/fs/bpf.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BpffsMount {
  dir: string;
  /** Unmounts and removes the dir. */
  cleanup(): void;
}

export function mountPrivateBpffs(prefix = 'libbpf-wasm-bpffs-'): BpffsMount {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    execFileSync('mount', ['-t', 'bpf', 'bpf', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const why = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
    throw new Error(`cannot mount a bpffs at ${dir} (needs root): ${why}`);
  }
  return {
    dir,
    cleanup() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
