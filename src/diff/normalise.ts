// Makes two records of the same scenario comparable: run-specific paths back to their
// variables, and fd numbers, kernel ids, addresses and pids to placeholders.
import type { RunEnv } from './scenario.js';
import type { RunRecord } from './record.js';

export function normalise(record: RunRecord, env: RunEnv): RunRecord {
  const ids = new Map<number, string>();
  const idLabel = (id: number) => {
    if (!ids.has(id)) ids.set(id, `id#${ids.size + 1}`);
    return ids.get(id)!;
  };
  const paths = (s: string) => s.split(env.bpffs).join('$BPFFS').split(env.tmp).join('$TMP').split(env.obj).join('$OBJ');
  const text = (s: string) => paths(s)
    .replace(/\bfd[= ]-?\d+/g, (m) => `${m.slice(0, 3)}N`)
    .replace(/0x[0-9a-f]{8,}/gi, '0xADDR')
    .replace(/\bpid[= ]\d+/g, (m) => `${m.slice(0, 4)}N`);

  const walk = (v: unknown, key = ''): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'id' && typeof x === 'number' ? idLabel(x) : walk(x, k)]));
    }
    return key === 'fd' && typeof v === 'number' && v >= 0 ? 'valid' : v;
  };
  return walk(record) as RunRecord;
}
