// Which way map element ops (lookup, lookup-and-delete, update, delete, next-key) reach
// the kernel. libbpf's element functions check the sizes and the fd, then make one bpf()
// call; when those checks are known to pass, the facade makes that same call through
// the host addon's direct path (host/src/map_direct.h) instead of entering the module:
//  - 'fast': a V8 fast call into host/fast/'s addon (built per Node ABI, only on V8
//    versions whose fast-API layout was verified), which calls the main addon's path;
//  - 'napi': the main addon's Node-API function mapDirect (every Node);
//  - 'module': libbpf in the module for everything (the path every op falls back to).
// Keys and values cross through the addon's scratch area, so a call carries integers
// only. The addon declines (DECLINED) anything libbpf would not pass on as is; the
// caller then takes the module path, so libbpf's own errors and warnings stay.
import { hostAddon } from './host/addon.js';
import { fastAddon, type FastAddon } from './host/fast-addon.js';

export const DIRECT_OP = { lookup: 0, lookupAndDelete: 1, update: 2, delete: 3, nextKey: 4 } as const;
/** Batch ops: BATCH_OP + the kind (lookup 0, lookup-and-delete 1, update 2, delete 3); with
 *  IN_BATCH when an in_batch token is given. Count at scratch[0], tokens from 8. */
export const BATCH_OP = 5;
export const IN_BATCH = 0x100;
/** The addon's answer when the direct path does not apply (kDirectDeclined). */
export const DECLINED = 1;

export type ElementPath = 'fast' | 'napi' | 'module';
export type DirectCall = (op: number, fd: number, keySize: number, valueSize: number, flags: number) => number;

/** A map as the direct path sees it: its fd and the sizes libbpf checks against. */
export interface DirectTarget {
  readonly fd: number;
  readonly keySize: number;
  /** Value bytes the kernel exchanges (per-CPU: padded, times possible CPUs). */
  readonly valueBytes: number;
}

export interface DirectPath {
  readonly path: 'fast' | 'napi';
  /** The addon's scratch area: key at 0, value (or next key) right after it. */
  readonly scratch: Uint8Array;
  /** The same bytes, for the batch count. */
  readonly view: DataView;
  readonly call: DirectCall;
}

function parsePath(v: string | undefined): ElementPath | 'auto' {
  return v === 'fast' || v === 'napi' || v === 'module' ? v : 'auto';
}

let wanted = parsePath(process.env.LIBBPF_WASM_ELEMENT_PATH);
let current: DirectPath | null | undefined; // undefined: not chosen yet
let fast: FastAddon | null = null;
let fastUnavailable = '';
let directCalls = 0;

/** The environment's scratch area, wrapped once (every path shares it). */
let scratchBuffer: ArrayBuffer | null | undefined;

function choose(): DirectPath | null {
  if (wanted === 'module') return null;
  const host = hostAddon();
  const ab = scratchBuffer !== undefined ? scratchBuffer : (scratchBuffer = host.mapDirectScratch() ?? null);
  if (!ab) return null;
  const scratch = new Uint8Array(ab);
  const view = new DataView(ab);
  const f = wanted === 'napi' ? null : loadFast();
  if (f) fast = f;
  return f ? { path: 'fast', scratch, view, call: f.elem } : { path: 'napi', scratch, view, call: host.mapDirect };
}

function loadFast(): FastAddon | null {
  const r = fastAddon();
  fastUnavailable = typeof r === 'string' ? r : '';
  return typeof r === 'string' ? null : r;
}

/** The direct path in effect, or null (every op through the module). */
export function directPath(): DirectPath | null {
  return current !== undefined ? current : (current = choose());
}

/**
 * One element op on the direct path: key at 0 of the scratch area, value after it;
 * vsz is the value (or next-key) bytes the kernel exchanges. The addon's answer: 0,
 * -errno, or DECLINED.
 */
export function directCall(d: DirectPath, op: number, t: DirectTarget, key: Uint8Array | undefined,
  vsz: number, value?: Uint8Array, flags = 0): number {
  const ksz = key === undefined ? 0 : key.length;
  const s = d.scratch;
  if (ksz + vsz > s.length) return DECLINED;
  if (ksz !== 0) copyIn(s, key as Uint8Array, 0);
  if (value !== undefined) copyIn(s, value, ksz);
  const r = d.call(op, t.fd, ksz, vsz, flags);
  if (r !== DECLINED) directCalls++;
  return r;
}

/**
 * One batch op on the direct path (BATCH_OP + kind): count at scratch[0], the in_batch
 * token at 8, then two tokens' room, then keys (count * keySize), then values. Lookups
 * leave the count out, the out token, keys and values there. The addon's answer, or
 * DECLINED (also when the buffers do not fit the scratch area).
 */
export function directBatch(d: DirectPath, kind: number, fd: number, keySize: number, valueBytes: number,
  flags: number, count: number, token: number, inBatch?: Uint8Array, keys?: Uint8Array, values?: Uint8Array): number {
  const s = d.scratch;
  const keysAt = 8 + 2 * token;
  if (keysAt + count * (keySize + valueBytes) > s.length) return DECLINED;
  d.view.setUint32(0, count, true);
  if (inBatch !== undefined) copyIn(s, inBatch, 8);
  if (keys !== undefined) s.set(keys, keysAt);
  if (values !== undefined) s.set(values, keysAt + keys!.length);
  const r = d.call((BATCH_OP + kind) | (inBatch !== undefined ? IN_BATCH : 0), fd, keySize, valueBytes, flags);
  if (r !== DECLINED) directCalls++;
  return r;
}

// Keys and values are mostly a few bytes: a loop the JIT inlines beats the set() and
// slice() builtins there by ~100 ns a call (docs/performance.md); big ones use those.
const SMALL = 64;

function copyIn(s: Uint8Array, v: Uint8Array, at: number): void {
  const n = v.length;
  if (n > SMALL) s.set(v, at);
  else for (let i = 0; i < n; i++) s[at + i] = v[i];
}

/** A copy of `n` scratch bytes from `at` (the value or key the kernel wrote). */
export function copyOut(d: DirectPath, at: number, n: number): Uint8Array {
  const s = d.scratch;
  if (n > SMALL) return s.slice(at, at + n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = s[at + i];
  return out;
}

/**
 * @internal For tests and the benchmark: use `path` from now on ('auto': fast when
 * available, else napi). Throws when 'fast' is asked for and cannot be had, with why.
 */
export function setElementPath(path: ElementPath | 'auto'): ElementPath {
  wanted = path;
  current = undefined;
  const d = directPath();
  if (path === 'fast' && d?.path !== 'fast') throw new Error(`libbpf-wasm: no fast path here: ${fastUnavailable}`);
  return d?.path ?? 'module';
}

/** @internal What the element ops use now, and counters proving which path ran. */
export function elementPathStats(): { path: ElementPath; directCalls: number; fastCalls: number;
  fastUnavailable: string } {
  const d = directPath();
  return {
    path: d?.path ?? 'module',
    directCalls,
    fastCalls: fast ? fast.fastCalls() : 0,
    fastUnavailable: d?.path === 'fast' ? '' : (loadFast() ? '' : fastUnavailable),
  };
}
