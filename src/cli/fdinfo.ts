// /proc/self/fdinfo of a BPF fd: what the kernel reports there and not in info
// (memlock, frozen), as bpftool reads it.
import { readFileSync } from 'node:fs';

export function fdinfo(fd: number): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const line of readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n')) {
      const m = /^([\w-]+):\s*(.*)$/.exec(line);
      if (m) out[m[1]] = m[2];
    }
  } catch {
    // No /proc: the fields are left out.
  }
  return out;
}

export const fdinfoNumber = (info: Record<string, string>, key: string): number | undefined =>
  info[key] === undefined ? undefined : Number(info[key]);
