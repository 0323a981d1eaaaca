// What a run leaves behind: pins under the bpffs, and open fds.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Entries under dir, recursive, relative, sorted; not the kernel's preloaded iterators
 *  (maps.debug, progs.debug) at the root of a bpffs mount. */
export function listPins(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (!rel && e.name.endsWith('.debug')) continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      out.push(path);
      if (e.isDirectory()) walk(path);
    }
  };
  walk('');
  return out.sort();
}

export const openFdCount = (): number => readdirSync('/proc/self/fd').length;
