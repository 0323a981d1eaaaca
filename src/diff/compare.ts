// Where two normalised records differ, as entries a person can read: record fields by
// path, and libbpf's logs as a line diff (src/diff/log-diff.ts).
import { logHunks } from './log-diff.js';

/** One difference. For a log hunk, `native`/`module` are the lines each side has there
 *  (one per line, possibly none) and `path` is `log@N,M` (1-based lines in each log). */
export interface Difference { path: string; native: string; module: string }

export function differences(native: unknown, module: unknown, path = ''): Difference[] {
  if (JSON.stringify(native) === JSON.stringify(module)) return [];
  const bothObjects = native && module && typeof native === 'object' && typeof module === 'object';
  if (!bothObjects || Array.isArray(native) !== Array.isArray(module)) {
    return [{ path: path || '(record)', native: show(native), module: show(module) }];
  }
  const a = native as Record<string, unknown>;
  const b = module as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => {
    if (!path && k === 'log' && Array.isArray(a[k]) && Array.isArray(b[k])) {
      return logHunks(a[k] as string[], b[k] as string[]).map((h) => ({
        path: `log@${h.nativeLine + 1},${h.moduleLine + 1}`, native: h.native.join('\n'), module: h.module.join('\n'),
      }));
    }
    return differences(a[k], b[k], Array.isArray(native) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
  });
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

const isLog = (d: Difference) => d.path.startsWith('log@');

/** One row per difference, columns cut to `width`: for test failure messages. */
export function sideBySide(diffs: Difference[], width = 60): string {
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);
  const one = (s: string) => (s.includes('\n') ? `${s.split('\n')[0]} (+${s.split('\n').length - 1} lines)` : s);
  const rows = [['where', 'native libbpf', 'libbpf-wasm'],
    ...diffs.map((d) => [d.path, cut(one(d.native)), cut(one(d.module))])];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join(' | ').trimEnd()).join('\n');
}

/** Every difference once, with full lines: fields as native/module pairs, log hunks as
 *  a line diff ("-" only native libbpf printed it, "+" only libbpf-wasm did). */
export function describeDifferences(diffs: Difference[]): string {
  return diffs.map((d) => {
    if (isLog(d)) {
      const [n, m] = d.path.slice(4).split(',');
      const lines = [...(d.native ? d.native.split('\n').map((l) => `  - ${l}`) : []),
        ...(d.module ? d.module.split('\n').map((l) => `  + ${l}`) : [])];
      return [`log, native line ${n}, libbpf-wasm line ${m}:`, ...lines].join('\n');
    }
    return `${d.path}:\n  native libbpf: ${d.native}\n  libbpf-wasm:   ${d.module}`;
  }).join('\n');
}
