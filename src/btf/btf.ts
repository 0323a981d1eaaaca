// Btf: libbpf's struct btf, read through btf__* inside the module. An object's BTF
// (obj.btf) lives as long as its object; a KernelBtf (kernel BTF: vmlinux, or by id)
// owns its own module instance and is closed by the user.
import { ModuleInstance } from '../module/instance.js';
import type { ModuleExports } from '../module/exports.js';
import { closedError } from '../errors.js';
import { INTERNAL, checkInternal, type ObjectCore } from '../object-core.js';
import { u32Arg } from '../args.js';
import { BTF_KINDS, type BtfKind } from './layout.js';
import { describeType } from './describe.js';
import type { BtfType } from './types.js';
import { buildCodec, type Codec } from './codec.js';

/** How a Btf reaches its struct btf: the instance owner's invoke, and the pointer. */
export interface BtfAccess {
  invoke<T>(op: string, fn: (ex: ModuleExports, inst: ModuleInstance) => T): T;
  /** The struct btf pointer (throws once its owner is closed). */
  pointer(op: string): number;
}

/**
 * libbpf's struct btf, read-only: an object's BTF (obj.btf) or the kernel's (KernelBtf); types by
 * id or name, sizes, and codecs for typed values.
 */
export class Btf {
  readonly #access: BtfAccess;
  readonly #types = new Map<number, BtfType>();
  readonly #codecs = new Map<number, Codec>();
  #count = -1;

  /** @internal From obj.btf, KernelBtf.loadVmlinux() or KernelBtf.fromId(). */
  constructor(token: symbol, access: BtfAccess) {
    checkInternal(token, 'Btf', 'obj.btf, KernelBtf.loadVmlinux() or KernelBtf.fromId(id)');
    this.#access = access;
  }

  /** btf__type_cnt: ids run from 0 (void) to typeCount - 1. */
  get typeCount(): number {
    this.#access.pointer('btf__type_cnt');
    if (this.#count < 0) this.#count = this.#call('btf__type_cnt', (ex, btf) => ex.btf__type_cnt(btf));
    return this.#count;
  }

  /** btf__type_by_id, described; RangeError for an id outside the BTF. */
  typeById(id: number): BtfType {
    u32Arg('Btf.typeById', 'id', id);
    this.#access.pointer('Btf.typeById'); // closed: refused even for a type described before
    const known = this.#types.get(id);
    if (known) return known;
    if (id >= this.typeCount) {
      throw new RangeError(`Btf.typeById: no type ${id} (this BTF has ids 0 to ${this.typeCount - 1})`);
    }
    const t = this.#call('btf__type_by_id', (ex, btf, inst) => describeType(inst, ex, btf, id));
    this.#types.set(id, t);
    return t;
  }

  /** btf__find_by_name(_kind): the first type of that name (and kind), or undefined. */
  typeByName(name: string, kind?: BtfKind): BtfType | undefined {
    if (typeof name !== 'string') throw new TypeError('Btf.typeByName: expected a name (string)');
    if (name.includes('\0')) throw new TypeError(`Btf.typeByName: the name contains a NUL byte: ${JSON.stringify(name)}`);
    const kindNumber = kind === undefined ? -1 : BTF_KINDS.indexOf(kind);
    if (kind !== undefined && kindNumber <= 0) {
      throw new TypeError(`Btf.typeByName: unknown kind '${String(kind)}' (expected one of ${BTF_KINDS.slice(1).join(', ')})`);
    }
    const op = kind === undefined ? 'btf__find_by_name' : 'btf__find_by_name_kind';
    const id = this.#call(op, (ex, btf, inst) => {
      const p = inst.cString(name);
      try {
        return kind === undefined ? ex.btf__find_by_name(btf, p) : ex.btf__find_by_name_kind(btf, p, kindNumber);
      } finally {
        inst.free(p);
      }
    });
    return id < 0 ? undefined : this.typeById(id); // libbpf's only error here is -ENOENT
  }

  /** btf__resolve_size: bytes of the type (through typedefs, modifiers and arrays). */
  sizeOf(id: number): number {
    u32Arg('Btf.sizeOf', 'id', id);
    const r = Number(this.#call('btf__resolve_size', (ex, btf) => ex.btf__resolve_size(btf, id)));
    if (r < 0) throw new RangeError(`Btf.sizeOf: type ${id} has no size (btf__resolve_size: error ${-r})`);
    return r;
  }

  /** Every type, id 1 upward. */
  *types(): IterableIterator<BtfType> {
    for (let id = 1; id < this.typeCount; id++) yield this.typeById(id);
  }

  /**
   * Every type as C declarations, by libbpf's btf_dump (btf_dump__dump_type for ids 1
   * upward: dependencies first, each type once), as `bpftool btf dump ... format c`
   * prints them between its header and footer.
   */
  dumpC(): string {
    const op = 'btf_dump__dump_type';
    const r = this.#call(op, (ex, btf, inst) => {
      const io = inst.scratch(8);
      const err = ex.lbw_btf_dump_c(btf, io, io + 4);
      if (err < 0) return inst.error(op, err); // made here: the call's warnings are still there
      const text = inst.view.getUint32(io, true);
      const len = inst.view.getUint32(io + 4, true);
      try {
        return new TextDecoder().decode(inst.u8.subarray(text, text + len));
      } finally {
        ex.free(text);
      }
    });
    if (typeof r !== 'string') throw r;
    return r;
  }

  /** @internal The encoder/decoder of a type, built once per type. */
  codec(id: number): Codec {
    let c = this.#codecs.get(id);
    if (!c) {
      c = buildCodec(this, id);
      this.#codecs.set(id, c);
    }
    return c;
  }

  #call<T>(op: string, fn: (ex: ModuleExports, btf: number, inst: ModuleInstance) => T): T {
    const btf = this.#access.pointer(op);
    return this.#access.invoke(op, (ex, inst) => fn(ex, btf, inst));
  }
}

/** Kernel BTF in an instance of its own: vmlinux's, or any loaded BTF object by id. */
export class KernelBtf extends Btf {
  #inst: ModuleInstance | null;
  #ptr: number;

  /** @internal Use KernelBtf.loadVmlinux() or KernelBtf.fromId(id). */
  constructor(token: symbol, inst: ModuleInstance, ptr: number) {
    checkInternal(token, 'KernelBtf', 'KernelBtf.loadVmlinux() or KernelBtf.fromId(id)');
    super(token, {
      invoke: (op, fn) => this.#live(op).invoke(op, fn),
      pointer: (op) => {
        this.#live(op);
        return this.#ptr;
      },
    });
    this.#inst = inst;
    this.#ptr = ptr;
  }

  /** btf__load_vmlinux_btf: the running kernel's BTF (/sys/kernel/btf/vmlinux). */
  static loadVmlinux(): KernelBtf {
    return KernelBtf.#load('btf__load_vmlinux_btf', (ex) => ex.btf__load_vmlinux_btf());
  }

  /** btf__load_from_kernel_by_id: a BTF object the kernel holds (a map's or program's btf_id). */
  static fromId(id: number): KernelBtf {
    u32Arg('KernelBtf.fromId', 'id', id);
    return KernelBtf.#load('btf__load_from_kernel_by_id', (ex) => ex.btf__load_from_kernel_by_id(id), `id ${id}`);
  }

  /** Whether close() ran. */
  get closed(): boolean {
    return this.#inst === null || this.#inst.broken;
  }

  /** btf__free, and the instance is discarded. */
  close(): void {
    const inst = this.#inst;
    if (!inst) return;
    inst.checkIdle('btf__free');
    this.#inst = null;
    try {
      if (!inst.broken) inst.invoke('btf__free', (ex) => ex.btf__free(this.#ptr));
    } finally {
      inst.discard();
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #live(op: string): ModuleInstance {
    const inst = this.#inst;
    if (!inst || inst.broken) throw closedError(op, 'KernelBtf');
    return inst;
  }

  static #load(op: string, load: (ex: ModuleExports) => number, detail?: string): KernelBtf {
    const inst = new ModuleInstance();
    try {
      // errno is read in the same call, so that the error keeps this call's warnings.
      const [ptr, err] = inst.invoke(op, (ex) => {
        const p = load(ex);
        return [p, p ? 0 : ex.lbw_errno()];
      });
      if (!ptr) throw inst.error(op, err, detail);
      return new KernelBtf(INTERNAL, inst, ptr);
    } catch (e) {
      inst.discard();
      throw e;
    }
  }
}

/** The BTF of an object (bpf_object__btf), or null when the object has none. The
 *  pointer is libbpf's for the object's whole life; the core refuses use after close. */
export function objectBtf(core: ObjectCore): Btf | null {
  if (objectBtfs.has(core)) return objectBtfs.get(core) ?? null;
  const btf = openObjectBtf(core);
  objectBtfs.set(core, btf);
  return btf;
}

/** One Btf per object, shared by obj.btf, its maps and its globals (codecs built once). */
const objectBtfs = new WeakMap<ObjectCore, Btf | null>();

function openObjectBtf(core: ObjectCore): Btf | null {
  const ptr = core.invoke('bpf_object__btf', (ex) => ex.bpf_object__btf(core.ptr));
  if (!ptr) return null;
  return new Btf(INTERNAL, {
    invoke: (op, fn) => core.invoke(op, fn),
    pointer: (op) => {
      core.instance(op);
      return ptr;
    },
  });
}
