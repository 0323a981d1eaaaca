// How a program attaches: each libbpf attach function returns a struct bpf_link (NULL with
// errno on failure); the link stays in the program's instance. Arguments are checked and
// copied in before the call; failures are LibbpfErrors with a hint (attach-hints.ts).
import { closeSync, openSync } from 'node:fs';
import { kindOfSection, withHint, type AttachKind } from './attach-hints.js';
import { int32Arg, u32Arg } from './args.js';
import { BpfLink, type CallSite } from './link.js';
import type { ModuleExports } from './module/exports.js';
import type { ModuleInstance } from './module/instance.js';
import { INTERNAL } from './object-core.js';
import type { BpfProgram } from './program.js';

/**
 * Runs one libbpf attach function and wraps its link. `strings` are copied into the module
 * (undefined stays NULL) and handed to `fn` as pointers, in order.
 */
export function attachLink(site: CallSite, op: string, kind: AttachKind, target: string | undefined,
  strings: (string | undefined)[], fn: (ex: ModuleExports, s: number[]) => number): BpfLink {
  const inst = site.instance(op);
  const ptrs: number[] = [];
  try {
    for (const s of strings) ptrs.push(s === undefined ? 0 : inst.cString(s));
    // errno is read in the same call: a second invoke would reset libbpf's warning log.
    const [link, err] = inst.invoke(op, (ex) => {
      const l = fn(ex, ptrs);
      return [l, l ? 0 : ex.lbw_errno()];
    });
    if (!link) throw withHint(inst.error(op, err, target), kind === 'auto' ? kindOfSection(target ?? '') : kind, target);
    return new BpfLink(INTERNAL, site, link);
  } finally {
    for (const p of ptrs) inst.free(p);
  }
}

/** A cgroup or netns given as a path (opened for the call, then closed: the link keeps its own reference) or an fd. */
export function withTargetFd<T>(op: string, what: string, target: unknown, fn: (fd: number, label: string) => T): T {
  if (typeof target === 'number') return fn(int32Arg(op, what, target, 0), `fd ${target}`);
  if (typeof target !== 'string' || target === '') throw new TypeError(`${op}: ${what} must be a path (string) or an fd (number)`);
  let fd: number;
  try {
    fd = openSync(target, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new TypeError(`${op}: cannot open ${what} ${target}: ${err.code ?? err.message}`);
  }
  try {
    return fn(fd, target);
  } finally {
    closeSync(fd);
  }
}

/** An interface index from a name (if_nametoindex, in this process's network namespace) or a number. */
export function ifindexArg(inst: ModuleInstance, op: string, ifnameOrIndex: unknown): { ifindex: number; label: string } {
  if (typeof ifnameOrIndex === 'number') {
    const ifindex = int32Arg(op, 'ifindex', ifnameOrIndex, 1);
    return { ifindex, label: `ifindex ${ifindex}` };
  }
  if (typeof ifnameOrIndex !== 'string' || ifnameOrIndex === '') {
    throw new TypeError(`${op}: expected an interface name (string) or index (number)`);
  }
  const p = inst.cString(ifnameOrIndex);
  try {
    const [idx, err] = inst.invoke('if_nametoindex', (ex) => {
      const i = ex.if_nametoindex(p) >>> 0;
      return [i, i ? 0 : ex.lbw_errno()];
    });
    if (idx === 0) {
      throw withHint(inst.error('if_nametoindex', err, ifnameOrIndex), 'xdp', ifnameOrIndex);
    }
    return { ifindex: idx, label: ifnameOrIndex };
  } finally {
    inst.free(p);
  }
}

/** Optional numeric fields of an options object. */
export function optU32(op: string, what: string, v: unknown, dflt = 0): number {
  return v === undefined ? dflt : u32Arg(op, what, v);
}
export function optBool(op: string, what: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new TypeError(`${op}: ${what} must be a boolean`);
  return v;
}
export function optCookie(op: string, v: unknown): bigint {
  if (v === undefined) return 0n;
  if (typeof v === 'bigint' && v >= 0n && v < 1n << 64n) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  throw new TypeError(`${op}: cookie must be a non-negative integer (number or bigint)`);
}
export function optString(op: string, what: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new TypeError(`${op}: ${what} must be a non-empty string`);
  return v;
}

/** A loaded program's fd, from a BpfProgram or a number. */
export function progFdArg(op: string, prog: BpfProgram | number): number {
  if (typeof prog === 'number') return int32Arg(op, 'program fd', prog, 0);
  const fd = (prog as BpfProgram | null)?.fd;
  if (typeof fd !== 'number') throw new TypeError(`${op}: expected a BpfProgram or a program fd`);
  if (fd < 0) throw new TypeError(`${op}: program '${prog.name}' is not loaded`);
  return fd;
}

/** A libbpf call returning 0 or -errno with one optional string argument (NULL when absent). */
export function attachTargetCall(site: CallSite, op: string, detail: string, str: string | undefined,
  fn: (ex: ModuleExports, p: number) => number): void {
  const inst = site.instance(op);
  const p = str === undefined ? 0 : inst.cString(str);
  try {
    const r = inst.invoke(op, (ex) => fn(ex, p));
    if (r < 0) throw inst.error(op, r, detail);
  } finally {
    inst.free(p);
  }
}
