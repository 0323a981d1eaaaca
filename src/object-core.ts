// What a BpfObject shares with its maps and programs: its module instance and libbpf's
// struct bpf_object pointer. Internal: nothing public returns it, so no user code can
// hand libbpf a pointer of its own making.
import type { ModuleInstance } from './module/instance.js';
import { releaseInstance } from './module/pool.js';
import { closedError, LibbpfError } from './errors.js';
import { pathFailure } from './error-hints.js';
import type { ModuleExports } from './module/exports.js';

/** Proof that a constructor is called by the package, not by user code. */
export const INTERNAL: unique symbol = Symbol('libbpf-wasm internal');

export function checkInternal(token: unknown, what: string, how: string): void {
  if (token !== INTERNAL) throw new TypeError(`${what} cannot be constructed directly; use ${how}`);
}

export class ObjectCore {
  #inst: ModuleInstance | null;
  readonly ptr: number;
  readonly name: string;

  constructor(inst: ModuleInstance, ptr: number) {
    this.#inst = inst;
    this.ptr = ptr;
    this.name = inst.invoke('bpf_object__name', (ex) => inst.readCString(ex.bpf_object__name(ptr))) ?? '';
  }

  get closed(): boolean {
    return this.#inst === null || this.#inst.broken;
  }

  /** The live, idle instance; a LibbpfError naming `op` when closed (or discarded by a
   *  trap) or busy in another call. */
  instance(op: string): ModuleInstance {
    const inst = this.#inst;
    if (!inst || inst.broken) throw closedError(op, `bpf_object '${this.name}'`);
    inst.checkIdle(op); // before any use of its memory, not only before the call
    return inst;
  }

  /** One libbpf call through the instance's owner (see ModuleInstance.invoke). */
  invoke<T>(op: string, fn: (ex: ModuleExports, inst: ModuleInstance) => T): T {
    return this.instance(op).invoke(op, fn);
  }

  /** A libbpf call returning 0 or -errno: the result, or a LibbpfError. */
  call(op: string, fn: (ex: ModuleExports, inst: ModuleInstance) => number, detail?: string): number {
    const inst = this.instance(op);
    const r = inst.invoke(op, fn);
    if (r < 0) throw inst.error(op, r, detail);
    return r;
  }

  /** A call taking an optional path string (NULL when absent). */
  withPath(op: string, path: string | null | undefined, required: boolean,
    fn: (ex: ModuleExports, pathPtr: number) => number): void {
    if (path === undefined || path === null) {
      if (required) throw new TypeError(`${op}: a path is required`);
    } else if (typeof path !== 'string') {
      throw new TypeError(`${op}: expected a path (string)`);
    }
    const inst = this.instance(op);
    const p = typeof path === 'string' ? inst.cString(path) : 0;
    try {
      this.call(op, (ex) => fn(ex, p), path ?? undefined);
    } catch (e) {
      throw e instanceof LibbpfError ? pathFailure(e, path ?? undefined) : e;
    } finally {
      inst.free(p);
    }
  }

  /** bpf_object__close; then the instance is pooled if clean, else discarded: nothing may
   *  outlive close(). */
  close(ownedBuffers: readonly number[]): void {
    const inst = this.#inst;
    if (!inst) return;
    inst.checkIdle('bpf_object__close'); // closing under a running call would pull its object away
    this.#inst = null;
    if (inst.broken) return;
    try {
      inst.invoke('bpf_object__close', (ex) => {
        ex.bpf_object__close(this.ptr);
        for (const p of ownedBuffers) ex.free(p);
      });
    } finally {
      releaseInstance(inst); // back to the pool if the close left it clean, else discarded
    }
  }
}
