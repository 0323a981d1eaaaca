// Walking the kernel's id lists for `list` commands: each id opened, described, closed.
// An object freed between the listing and the open (ENOENT) is simply gone, not an error.
import { LibbpfError } from '../errors.js';

export function eachById<H extends { close(): void }, R>(ids: number[], open: (id: number) => H, describe: (h: H) => R): R[] {
  const rows: R[] = [];
  for (const id of ids) {
    let h: H;
    try {
      h = open(id);
    } catch (e) {
      if (e instanceof LibbpfError && e.code === 'ENOENT') continue;
      throw e;
    }
    try {
      rows.push(describe(h));
    } finally {
      h.close();
    }
  }
  return rows;
}
