// How commands name a kernel object: `<id>` or `<pinned path>`, or bpftool's own words
// (`id 12`, `pinned /sys/fs/bpf/x`, and for BTF `file obj.o`). Returns the target and
// the positionals after it.
import { UsageError } from './command.js';

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
