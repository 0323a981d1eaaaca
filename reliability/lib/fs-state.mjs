// What a run leaves behind: open fds of this process, entries under a directory.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const openFdCount = () => readdirSync('/proc/self/fd').length;

/** Entries under dir, recursive, relative, sorted ([] when dir does not exist); not the
 *  kernel's preloaded iterators (maps.debug, progs.debug) at the root of a bpffs. */
export function listEntries(dir) {
  const out = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if (e.code === 'ENOENT' && !rel) return;
      throw e;
    }
    for (const e of entries) {
      if (!rel && e.name.endsWith('.debug')) continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      out.push(path);
      if (e.isDirectory()) walk(path);
    }
  };
  walk('');
  return out.sort();
}
