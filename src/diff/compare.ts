// Where two normalised records differ, as rows a person can read side by side.
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
  return keys.flatMap((k) => differences(a[k], b[k], Array.isArray(native) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

export function sideBySide(diffs: Difference[], width = 60): string {
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);
  const rows = [['where', 'native libbpf', 'libbpf-wasm'], ...diffs.map((d) => [d.path, cut(d.native), cut(d.module)])];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join(' | ').trimEnd()).join('\n');
}
