// libbpf's two logs, aligned as a line diff (longest common subsequence): one line
// missing on one side is one difference, not every line after it shifted by one.

/** A run of lines where the logs differ: what native has there, and what the module has. */
export interface LogHunk {
  /** 0-based index of the hunk's first line in each log. */
  nativeLine: number;
  moduleLine: number;
  native: string[];
  module: string[];
}

const MAX_TABLE_CELLS = 25_000_000;

/** The LCS table of a and b, from the end: len[i][j] = LCS of a[i..] and b[j..]. */
function lcsTable(a: string[], b: string[]): Uint32Array[] {
  const len = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      len[i][j] = a[i] === b[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
    }
  }
  return len;
}

export function logHunks(native: string[], module: string[]): LogHunk[] {
  // Common head and tail first: most logs differ in a line or two, and the table is
  // quadratic in what remains.
  let head = 0;
  while (head < native.length && head < module.length && native[head] === module[head]) head++;
  let tail = 0;
  while (tail < native.length - head && tail < module.length - head &&
         native[native.length - 1 - tail] === module[module.length - 1 - tail]) tail++;
  const a = native.slice(head, native.length - tail);
  const b = module.slice(head, module.length - tail);
  // Past this many cells the table would take gigabytes: the middle is one hunk.
  if (a.length * b.length > MAX_TABLE_CELLS) {
    return [{ nativeLine: head, moduleLine: head, native: a, module: b }];
  }
  const len = lcsTable(a, b);

  const hunks: LogHunk[] = [];
  let open: LogHunk | undefined;
  const hunk = (i: number, j: number): LogHunk => {
    if (!open) {
      open = { nativeLine: head + i, moduleLine: head + j, native: [], module: [] };
      hunks.push(open);
    }
    return open;
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      open = undefined;
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && len[i + 1][j] >= len[i][j + 1])) {
      hunk(i, j).native.push(a[i++]);
    } else {
      hunk(i, j).module.push(b[j++]);
    }
  }
  return hunks;
}
