// How commands name a kernel object: `<id>` or `<pinned path>`, or bpftool's own words
// (`id 12`, `pinned /sys/fs/bpf/x`, and for BTF `file obj.o`). Returns the target and
// the positionals after it.
import { UsageError } from './command.js';

/** How a command's synopsis names the object. */
export const TARGET = '<id | pinned path>';

export type Target = { id: number } | { path: string };

const ID = /^\d+$/;

export function parseTarget(cmd: string, args: string[]): { target: Target; rest: string[] } {
  const [first, second, ...more] = args;
  if (first === undefined) throw new UsageError(`${cmd}: which one? (an id or a pinned path)`);
  if (first === 'id' || first === 'pinned' || first === 'file') {
    if (second === undefined) throw new UsageError(`${cmd}: '${first}' needs a value`);
    if (first === 'id' && !ID.test(second)) throw new UsageError(`${cmd}: 'id' needs a number, got '${second}'`);
    return { target: first === 'id' ? { id: idNumber(cmd, second) } : { path: second }, rest: more };
  }
  return { target: ID.test(first) ? { id: idNumber(cmd, first) } : { path: first }, rest: args.slice(1) };
}

function idNumber(cmd: string, text: string): number {
  const n = Number(text);
  if (n > 0xffffffff) throw new UsageError(`${cmd}: id ${text} is out of range`);
  return n;
}

export const describeTarget = (t: Target): string => ('id' in t ? `id ${t.id}` : t.path);

/** The words after the target: none. */
export const nothingMore = (cmd: string) => (rest: string[]): void => {
  if (rest.length) throw new UsageError(`${cmd}: unexpected argument '${rest[0]}'`);
};

/** The object the positionals name, opened for `use` once `parse` accepted the words after
 *  it (the whole command line is checked before the kernel is asked anything), then closed. */
export function withTarget<H extends { close(): void }, A, T>(cmd: string, positionals: string[],
  parse: (rest: string[]) => A, open: (t: Target) => H, use: (h: H, args: A) => T): T {
  const { target, rest } = parseTarget(cmd, positionals);
  const args = parse(rest);
  const h = open(target);
  try {
    return use(h, args);
  } finally {
    h.close();
  }
}
