// Codec errors that name the field path: thrown deep in an encoder with an empty path,
// each struct or array they pass through prepends its segment, and the caller finishes the
// message ("BpfMap.set: value.stats[3].bytes: expected bigint, got 1").
const PATH = Symbol('libbpf-wasm codec path');
type PathError = (TypeError | RangeError) & { [PATH]?: string };

export function fail(Ctor: typeof TypeError | typeof RangeError, message: string): never {
  const e: PathError = new Ctor(message);
  e[PATH] = '';
  throw e;
}

/** Prepends a path segment to a codec error passing through a struct or array. */
export function within(e: unknown, segment: string): unknown {
  if (e instanceof Error && PATH in e) (e as PathError)[PATH] = segment + (e as PathError)[PATH];
  return e;
}

/** Turns a codec error into its final message: "op: value.stats[3].bytes: expected bigint". */
export function withPath(e: unknown, op: string, root: string): unknown {
  if (e instanceof Error && PATH in e) {
    e.message = `${op}: ${root}${(e as PathError)[PATH]}: ${e.message}`;
    delete (e as PathError)[PATH];
  }
  return e;
}

export const got = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)
    : typeof v === 'bigint' ? `${v}n` : typeof v === 'object' ? (v === null ? 'null' : Array.isArray(v) ? 'an array' : 'an object')
      : String(v);
