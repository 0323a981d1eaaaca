// MapCore: what every map offers, whoever owns it (like libbpf-rs's MapCore). BpfMap
// (owned by its BpfObject) and MapHandle (owning an fd) differ only in how one element
// call reaches libbpf, their MapAccess: BpfMap through libbpf's bpf_map__*_elem (libbpf's
// own size checks and warnings), MapHandle through bpf.h's fd calls with the sizes the
// kernel reported. Batch, per-CPU, iteration, freeze and info are written once, here.
// Element ops reuse the instance's scratch buffer: no allocation in the module, integers
// only across the boundary.
import type { ModuleInstance } from './module/instance.js';
import type { ModuleExports } from './module/exports.js';
import { LibbpfError } from './errors.js';
import { MapType } from './bpf-enums.js';
import { bytesArg, u32Arg, u64Flags } from './args.js';
import { mapInfoReader, readInfo, type MapInfo } from './info.js';
import { possibleCpus } from './cpus.js';
import { TypedMapAccess, type MapTypes } from './btf/typed-map.js';
import type { BtfType } from './btf/types.js';
import { DECLINED, DIRECT_OP, copyOut, directBatch, directCall, directPath, type DirectTarget } from './map-direct.js';

const ENOENT = 2;
const ENOSPC = 28;
const EINVAL = 22;
const EOPNOTSUPP = 95;
const ENOTSUPP = 524;

export const PERCPU_TYPES: ReadonlySet<number> = new Set<number>([
  MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH, MapType.PERCPU_CGROUP_STORAGE,
]);
/** Types whose kernel ops implement BPF_MAP_LOOKUP_BATCH (the iterators use it there). */
const LOOKUP_BATCH_TYPES: ReadonlySet<number> = new Set<number>([
  MapType.HASH, MapType.PERCPU_HASH, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH,
  MapType.ARRAY, MapType.PERCPU_ARRAY,
]);
const BATCH_KIND = { lookup: 0, lookupAndDelete: 1, update: 2, delete: 3 } as const;
/** Elements per batch call in entries()/keys()/values(). */
const ITER_CHUNK = 256;

/** How one kind of map reaches libbpf. Internal: it deals in module pointers. */
export interface MapAccess {
  /** "map 'name'" in messages. */
  readonly label: string;
  readonly ops: { lookup: string; lookupAndDelete: string; update: string; delete: string; nextKey: string };
  instance(op: string): ModuleInstance;
  /** Outside invoke: current attributes (BpfMap asks libbpf; a handle knows them). */
  attr(which: 'type' | 'keySize' | 'valueSize' | 'maxEntries' | 'mapFlags' | 'fd'): number;
  /** Inside invoke: key size, and the value bytes the kernel exchanges (per-CPU padded). */
  keySize(ex: ModuleExports): number;
  valueBytes(ex: ModuleExports): number;
  /** Sizes libbpf will not check on this path: RangeError before the call. */
  checkSizes(op: string, key: Uint8Array | undefined, value: Uint8Array | undefined): void;
  lookup(ex: ModuleExports, key: number, ksz: number, value: number, vsz: number, flags: bigint, andDelete: boolean): number;
  update(ex: ModuleExports, key: number, ksz: number, value: number, vsz: number, flags: bigint): number;
  delete(ex: ModuleExports, key: number, ksz: number, flags: bigint): number;
  nextKey(ex: ModuleExports, key: number, next: number, ksz: number): number;
  /** The fd for an fd-level call, or a LibbpfError (not loaded yet, closed). */
  fdFor(op: string): number;
  /** On ENOENT from an element call: absent key (undefined), or throw (map not created). */
  absent(op: string): undefined;
  /** After instance(op): the map for the direct path (src/map-direct.ts) once it exists
   *  (fd > 0, libbpf's sizes), or undefined: every op then goes through the module. */
  direct(): DirectTarget | undefined;
}

/** A direct-path failure carries no libbpf warning, as the same call through libbpf
 *  prints none once its checks passed. */
const NO_LOG: readonly string[] = [];

/** Raised by the iterators when a map yields more keys than it can hold (its keys move meanwhile). */
export class IterationAbortedError extends LibbpfError {}

/** A batch call that failed part-way: `count` elements were processed before the error. */
export class BatchError extends LibbpfError {
  /** Elements the kernel processed before the error (its count out). */
  readonly count: number;
  /** The LibbpfError of the batch call, and the count the kernel reported. */
  constructor(cause: LibbpfError, count: number) {
    super(cause.op, cause.errno, cause.code, `${cause.message}\n(${count} elements processed before the error)`,
      { log: cause.log });
    this.name = 'BatchError';
    this.count = count;
  }
}

/** Options of lookupBatch / lookupAndDeleteBatch (bpf_map_lookup_batch). */
export interface LookupBatchOptions {
  /** The previous call's nextBatch; omitted: start at the beginning. */
  inBatch?: Uint8Array;
  /** Elements to read at most (the kernel's count in); default min(maxEntries, 4096). */
  count?: number;
  /** elem_flags (UpdateFlags.F_LOCK). */
  elemFlags?: number;
}

/** One batch: the keys and values read, how many, and where the next batch starts. */
export interface LookupBatchResult {
  /** count keys, back to back (count * keySize bytes). */
  keys: Uint8Array;
  /** count values, back to back (count * value bytes as lookup() returns them). */
  values: Uint8Array;
  /** The kernel's count out. */
  count: number;
  /** Pass as inBatch to continue; absent when done. */
  nextBatch?: Uint8Array;
  /** The kernel answered ENOENT: no element after these. */
  done: boolean;
}

type Keys = Uint8Array | readonly Uint8Array[];

/** Bytes of one value as the kernel exchanges it: per-CPU maps hold one slot per possible
 *  CPU, each rounded up to 8 bytes (the kernel's bpf_map_value_size). */
export function kernelValueBytes(type: number, valueSize: number): number {
  return PERCPU_TYPES.has(type) ? Math.ceil(valueSize / 8) * 8 * possibleCpus() : valueSize;
}

/**
 * What BpfMap and MapHandle share: attributes, element, batch, per-CPU, iterator and typed
 * operations on one kernel map.
 */
export abstract class MapCore {
  readonly #a: MapAccess;
  #typed: TypedMapAccess | undefined;

  /** @internal */
  protected constructor(access: MapAccess) {
    this.#a = access;
  }

  /** The map's name (libbpf's for a BpfMap, the kernel's for a MapHandle). */
  abstract get name(): string;

  /** @internal Where the key and value types come from (BpfMap: its object's BTF; MapHandle: the kernel's). */
  protected abstract mapTypes(): MapTypes;

  // Typed access through the map's BTF key and value types (src/btf/typed-map.ts).
  /** The BTF type of the key; undefined when the map has none. */
  get keyType(): BtfType | undefined { return this.#typedAccess().keyType; }
  /** The BTF type of the value; undefined when the map has none. */
  get valueType(): BtfType | undefined { return this.#typedAccess().valueType; }
  /** lookup with the key and value as JS values (see README, "Typed data"). */
  get(key: unknown): unknown { return this.#typedAccess().get(key); }
  /** update with the key and value as JS values, their shape checked first. */
  set(key: unknown, value: unknown, flags = 0): void { this.#typedAccess().set(key, value, flags); }
  /** Every [key, value] as JS values, in the kernel's order. */
  typedEntries(): IterableIterator<[unknown, unknown]> { return this.#typedAccess().entries(); }
  #typedAccess(): TypedMapAccess { return (this.#typed ??= new TypedMapAccess(this, this.mapTypes())); }

  /** The kernel's enum bpf_map_type (see MapType). */
  get type(): number { return this.#a.attr('type'); }
  /** Bytes of a key. */
  get keySize(): number { return this.#a.attr('keySize'); }
  /** Bytes of a value (of one CPU's value for a per-CPU map). */
  get valueSize(): number { return this.#a.attr('valueSize'); }
  /** The most elements the map holds. */
  get maxEntries(): number { return this.#a.attr('maxEntries'); }
  /** The map_flags it was created with (BPF_F_*). */
  get mapFlags(): number { return this.#a.attr('mapFlags'); }
  /** The map's fd (BpfMap: -1 before load; MapHandle: -1 once closed). */
  get fd(): number { return this.#a.attr('fd'); }

  /** The kernel's view of the map (BPF_OBJ_GET_INFO_BY_FD): every field of bpf_map_info. */
  info(): MapInfo {
    const op = 'bpf_obj_get_info_by_fd';
    const fd = this.#a.fdFor(op);
    return readInfo(this.#a.instance(op), op, fd, this.#a.label, mapInfoReader);
  }

  /** The value, or undefined when the key is absent (ENOENT). flags: UpdateFlags.F_LOCK. */
  lookup(key: Uint8Array, flags = 0): Uint8Array | undefined {
    return this.#readValue(this.#a.ops.lookup, false, key, flags);
  }

  /** Pops queue/stack maps (no key); removes and returns a hash element; undefined when absent. */
  lookupAndDelete(key: Uint8Array = new Uint8Array(0), flags = 0): Uint8Array | undefined {
    return this.#readValue(this.#a.ops.lookupAndDelete, true, key, flags);
  }

  /** UpdateFlags: ANY, NOEXIST, EXIST, F_LOCK. */
  update(key: Uint8Array, value: Uint8Array, flags = 0): void {
    const a = this.#a;
    const op = a.ops.update;
    // The direct path first when every check below would pass (as in #readValue); flags:
    // BPF_ANY, NOEXIST, EXIST, each with F_LOCK.
    if (key instanceof Uint8Array && value instanceof Uint8Array && (flags >>> 0) === flags && flags <= 7) {
      const inst = a.instance(op);
      const d = directPath();
      const t = d === null ? undefined : a.direct();
      if (t !== undefined && key.length === t.keySize && value.length === t.valueBytes) {
        const r = directCall(d!, DIRECT_OP.update, t, key, value.length, value, flags);
        if (r !== DECLINED) {
          if (r < 0) throw inst.error(op, r, a.label, NO_LOG);
          return;
        }
      }
    }
    bytesArg(op, 'key', key);
    bytesArg(op, 'value', value);
    a.checkSizes(op, key, value);
    const f = u64Flags(op, flags);
    const inst = a.instance(op);
    const r = inst.invoke(op, (ex) => {
      const ksz = key.length;
      const vsz = value.length;
      // A size libbpf will reject gets no room: libbpf sees the caller's size and says so.
      const kroom = ksz === a.keySize(ex) ? ksz : 0;
      const vroom = vsz === a.valueBytes(ex) ? vsz : 0;
      const buf = inst.scratch(kroom + vroom);
      const u8 = inst.u8;
      if (kroom) u8.set(key, buf);
      if (vroom) u8.set(value, buf + kroom);
      return a.update(ex, ksz === 0 ? 0 : buf, ksz, buf + kroom, vsz, f);
    });
    if (r < 0) throw inst.error(op, r, a.label);
  }

  /** true if the key was there, false when absent (ENOENT). */
  delete(key: Uint8Array, flags = 0): boolean {
    const a = this.#a;
    const op = a.ops.delete;
    // The direct path first when every check below would pass (as in #readValue).
    if (key instanceof Uint8Array && flags === 0) {
      const inst = a.instance(op);
      const d = directPath();
      const t = d === null ? undefined : a.direct();
      if (t !== undefined && key.length === t.keySize) {
        const r = directCall(d!, DIRECT_OP.delete, t, key, 0);
        if (r !== DECLINED) {
          if (r === -ENOENT) return false;
          if (r < 0) throw inst.error(op, r, a.label, NO_LOG);
          return true;
        }
      }
    }
    bytesArg(op, 'key', key);
    a.checkSizes(op, key, undefined);
    const f = u64Flags(op, flags);
    const inst = a.instance(op);
    const r = inst.invoke(op, (ex) => {
      const ksz = key.length;
      const room = ksz === a.keySize(ex) ? ksz : 0;
      const buf = inst.scratch(Math.max(room, 1));
      if (room) inst.u8.set(key, buf);
      return a.delete(ex, ksz === 0 ? 0 : buf, ksz, f);
    });
    if (r === -ENOENT) return a.absent(op) ?? false;
    if (r < 0) throw inst.error(op, r, a.label);
    return true;
  }

  /** The first key when `key` is omitted or absent; undefined after the last. */
  nextKey(key?: Uint8Array): Uint8Array | undefined {
    const a = this.#a;
    const op = a.ops.nextKey;
    if (key !== undefined) {
      bytesArg(op, 'key', key);
      a.checkSizes(op, key, undefined);
    }
    const inst = a.instance(op);
    const d = directPath();
    if (d !== null) {
      const t = a.direct();
      if (t !== undefined && t.keySize !== 0 && (key === undefined || key.length === t.keySize)) {
        const r = directCall(d, DIRECT_OP.nextKey, t, key, t.keySize);
        if (r !== DECLINED) {
          if (r === -ENOENT) return undefined;
          if (r < 0) throw inst.error(op, r, a.label, NO_LOG);
          const at = key === undefined ? 0 : t.keySize;
          return copyOut(d, at, t.keySize);
        }
      }
    }
    let ksz = 0;
    let out = 0;
    const r = inst.invoke(op, (ex) => {
      ksz = a.keySize(ex);
      const given = key?.length ?? ksz;
      const room = given === ksz ? ksz : 0;
      const buf = inst.scratch(room + ksz);
      if (key && room) inst.u8.set(key, buf);
      out = buf + room;
      return a.nextKey(ex, key ? buf : 0, out, given);
    });
    if (r === -ENOENT) return a.absent(op);
    if (r < 0) throw inst.error(op, r, a.label);
    return inst.u8.slice(out, out + ksz);
  }

  /**
   * Every [key, value], each key once, in the kernel's order: by BPF_MAP_LOOKUP_BATCH
   * where the map type has it, by next-key and lookup otherwise. Bounded like cilium/ebpf's
   * iterator: a map cannot hold more than maxEntries keys, so a walk that yields more
   * (keys deleted and added meanwhile make the kernel restart) throws IterationAbortedError.
   * Values are as lookup() returns them (per-CPU: the kernel's padded layout).
   */
  *entries(): IterableIterator<[Uint8Array, Uint8Array]> {
    const count = this.#bound(`${this.constructor.name}.entries`);
    if (LOOKUP_BATCH_TYPES.has(this.type)) {
      const batches = this.#batches();
      let r = batches.next();
      if (r.done || r.value !== undefined) { // undefined first: no batch op here after all
        for (; !r.done; r = batches.next()) for (const e of r.value ?? []) { count(); yield e; }
        return;
      }
    }
    for (let k = this.nextKey(); k !== undefined; k = this.nextKey(k)) {
      const v = this.lookup(k);
      if (v === undefined) continue; // deleted since next-key returned it
      count();
      yield [k, v];
    }
  }

  /**
   * Every key, by next-key (no value is read, so a batch saves nothing per key): each key
   * is live when yielded. Bounded as entries(): more than maxEntries keys (keys deleted
   * and added meanwhile make the kernel restart from the first) throws IterationAbortedError.
   */
  *keys(): IterableIterator<Uint8Array> {
    const count = this.#bound(`${this.constructor.name}.keys`);
    for (let k = this.nextKey(); k !== undefined; k = this.nextKey(k)) {
      count();
      yield k;
    }
  }

  /** Counts yielded elements; throws IterationAbortedError past maxEntries. */
  #bound(op: string): () => void {
    const bound = this.maxEntries;
    let n = 0;
    return () => {
      if (n++ === bound) {
        throw new IterationAbortedError(op, 0, 'EITERABORTED',
          `${op}: ${this.#a.label} yielded more than its ${bound} max entries; its keys changed ` +
          'during iteration, so the walk was stopped');
      }
    };
  }

  /** Every value (see entries()). */
  *values(): IterableIterator<Uint8Array> {
    for (const [, v] of this.entries()) yield v;
  }

  /** Batches of entries; yields undefined first if the kernel has no batch op for this map. */
  *#batches(): Generator<[Uint8Array, Uint8Array][] | undefined> {
    let inBatch: Uint8Array | undefined;
    let chunk = Math.min(ITER_CHUNK, Math.max(this.maxEntries, 1));
    let started = false;
    for (;;) {
      let r: LookupBatchResult;
      try {
        r = this.lookupBatch({ inBatch, count: chunk });
      } catch (e) {
        const errno = e instanceof LibbpfError ? e.errno : 0;
        if (!started && (errno === EINVAL || errno === EOPNOTSUPP || errno === ENOTSUPP)) { yield undefined; return; }
        // A hash bucket holds more elements than `chunk`: the kernel asks for room.
        if (errno === ENOSPC && chunk < 0x100000) { chunk *= 2; continue; }
        throw e;
      }
      started = true;
      const ksz = r.keys.length / Math.max(r.count, 1);
      const vsz = r.values.length / Math.max(r.count, 1);
      const out: [Uint8Array, Uint8Array][] = [];
      for (let i = 0; i < r.count; i++) {
        out.push([r.keys.slice(i * ksz, (i + 1) * ksz), r.values.slice(i * vsz, (i + 1) * vsz)]);
      }
      yield out;
      if (r.done) return;
      inBatch = r.nextBatch;
    }
  }

  /** bpf_map_lookup_batch: up to `count` elements from `inBatch` on. */
  lookupBatch(opts: LookupBatchOptions = {}): LookupBatchResult {
    return this.#lookupBatch('bpf_map_lookup_batch', BATCH_KIND.lookup, opts);
  }

  /** bpf_map_lookup_and_delete_batch: like lookupBatch, removing what it returns. */
  lookupAndDeleteBatch(opts: LookupBatchOptions = {}): LookupBatchResult {
    return this.#lookupBatch('bpf_map_lookup_and_delete_batch', BATCH_KIND.lookupAndDelete, opts);
  }

  /**
   * bpf_map_update_batch: keys and values back to back in one buffer each (or arrays of
   * one Uint8Array per element). Returns the count processed; on failure a BatchError
   * whose `count` is the number updated before it.
   */
  updateBatch(keys: Keys, values: Keys, elemFlags = 0): number {
    const op = 'bpf_map_update_batch';
    return this.#writeBatch(op, BATCH_KIND.update, keys, values, elemFlags);
  }

  /** bpf_map_delete_batch: keys back to back (or an array); see updateBatch for the count. */
  deleteBatch(keys: Keys, elemFlags = 0): number {
    return this.#writeBatch('bpf_map_delete_batch', BATCH_KIND.delete, keys, undefined, elemFlags);
  }

  /** A per-CPU value: one Uint8Array of valueSize bytes per possible CPU (no padding). */
  lookupPerCpu(key: Uint8Array, flags = 0): Uint8Array[] | undefined {
    const { size, stride, cpus } = this.#perCpu(`${this.constructor.name}.lookupPerCpu`);
    const flat = this.lookup(key, flags);
    if (flat === undefined) return undefined;
    return Array.from({ length: cpus }, (_, i) => flat.slice(i * stride, i * stride + size));
  }

  /** Writes one value per possible CPU, each valueSize bytes (the 8-byte padding is added here). */
  updatePerCpu(key: Uint8Array, values: readonly Uint8Array[], flags = 0): void {
    const op = `${this.constructor.name}.updatePerCpu`;
    const { size, stride, cpus } = this.#perCpu(op);
    if (!Array.isArray(values)) throw new TypeError(`${op}: values must be an array of Uint8Array, one per possible CPU`);
    if (values.length !== cpus) throw new RangeError(`${op}: ${values.length} values given, ${cpus} possible CPUs`);
    const flat = new Uint8Array(stride * cpus);
    values.forEach((v, i) => {
      bytesArg(op, `values[${i}]`, v);
      if (v.length !== size) throw new RangeError(`${op}: values[${i}] is ${v.length} bytes, the map's value is ${size}`);
      flat.set(v, i * stride);
    });
    this.update(key, flat, flags);
  }

  /** bpf_map_freeze: no more writes from user space (programs still write). */
  freeze(): void {
    const op = 'bpf_map_freeze';
    const fd = this.#a.fdFor(op);
    const inst = this.#a.instance(op);
    const r = inst.invoke(op, (ex) => ex.bpf_map_freeze(fd));
    if (r < 0) throw inst.error(op, r, this.#a.label);
  }

  /** lookup and lookup-and-delete: one path (it runs for every element read). */
  #readValue(op: string, andDelete: boolean, key: Uint8Array, flags: number): Uint8Array | undefined {
    const a = this.#a;
    // The direct path first, when every check below would pass (a key of the map's size,
    // flags none or BPF_F_LOCK): those checks' calls were a measurable part of an op's
    // cost on this path (docs/performance.md, map element ops).
    if (key instanceof Uint8Array && (flags === 0 || flags === 4)) {
      const inst = a.instance(op);
      const d = directPath();
      const t = d === null ? undefined : a.direct();
      if (t !== undefined && key.length === t.keySize) {
        const r = directCall(d!, andDelete ? DIRECT_OP.lookupAndDelete : DIRECT_OP.lookup, t, key, t.valueBytes,
          undefined, flags);
        if (r !== DECLINED) {
          if (r === -ENOENT) return undefined;
          if (r < 0) throw inst.error(op, r, a.label, NO_LOG);
          return copyOut(d!, key.length, t.valueBytes);
        }
      }
    }
    bytesArg(op, 'key', key);
    a.checkSizes(op, key, undefined);
    const f = u64Flags(op, flags);
    const inst = a.instance(op);
    let out = 0;
    let vsz = 0;
    const r = inst.invoke(op, (ex) => {
      vsz = a.valueBytes(ex);
      const ksz = key.length;
      const room = ksz === a.keySize(ex) ? ksz : 0;
      const buf = inst.scratch(room + vsz);
      if (room) inst.u8.set(key, buf);
      out = buf + room;
      return a.lookup(ex, ksz === 0 ? 0 : buf, ksz, out, vsz, f, andDelete); // keyless maps take NULL
    });
    if (r === -ENOENT) return a.absent(op);
    if (r < 0) throw inst.error(op, r, a.label);
    return inst.u8.slice(out, out + vsz);
  }

  #perCpu(op: string): { size: number; stride: number; cpus: number } {
    if (!PERCPU_TYPES.has(this.type)) throw new TypeError(`${op}: ${this.#a.label} is not a per-CPU map`);
    const size = this.valueSize;
    return { size, stride: Math.ceil(size / 8) * 8, cpus: possibleCpus() };
  }

  /** The fd and sizes for a batch call: the direct path's, kept once the map exists (no
   *  call into the module per batch), else libbpf's. Throws as fdFor does (closed, not loaded). */
  #sizes(op: string): { fd: number; ksz: number; vbytes: number } {
    const a = this.#a;
    a.instance(op); // closed or busy: its error first
    const t = a.direct();
    if (t !== undefined) return { fd: t.fd, ksz: t.keySize, vbytes: t.valueBytes };
    const fd = a.fdFor(op);
    return { fd, ksz: this.keySize, vbytes: kernelValueBytes(this.type, this.valueSize) };
  }

  #lookupBatch(op: string, kind: number, opts: LookupBatchOptions): LookupBatchResult {
    if (typeof opts !== 'object' || opts === null) throw new TypeError(`${op}: options must be an object`);
    for (const k in opts) { // own enumerable keys, as Object.keys() but without an array per call
      if (k !== 'inBatch' && k !== 'count' && k !== 'elemFlags' && Object.hasOwn(opts, k)) {
        throw new TypeError(`${op}: unknown option '${k}'`);
      }
    }
    const { fd, ksz, vbytes } = this.#sizes(op);
    const token = Math.max(ksz, 4); // a bucket or index (u32) for hash and array maps, a key otherwise
    const inBatch = opts.inBatch;
    if (inBatch !== undefined) {
      bytesArg(op, 'inBatch', inBatch);
      if (inBatch.length !== token) throw new RangeError(`${op}: inBatch must be the ${token} bytes nextBatch returned`);
    }
    const count = opts.count === undefined ? Math.min(this.maxEntries, 4096) : u32Arg(op, 'count', opts.count);
    const f = u64Flags(op, opts.elemFlags ?? 0);
    const a = this.#a;
    const inst = a.instance(op);
    const room = 8 + 2 * token + count * (ksz + vbytes);
    if (room > 0x40000000) throw new RangeError(`${op}: count ${count} needs ${room} bytes; ask for fewer`);
    // The direct path when libbpf would pass the call on as is (any elem_flags it knows).
    const d = (f === 0n || f === 4n) ? directPath() : null;
    let r = d === null ? DECLINED : directBatch(d, kind, fd, ksz, vbytes, Number(f), count, token, inBatch);
    let buf = 0;
    let u8: Uint8Array;
    let view: DataView;
    if (r !== DECLINED) {
      u8 = d!.scratch;
      view = d!.view;
    } else {
      r = inst.invoke(op, (ex) => {
        buf = inst.scratch(room);
        inst.view.setUint32(buf, count, true);
        if (inBatch) inst.u8.set(inBatch, buf + 8);
        inst.u8.fill(0, buf + 8 + token, buf + 8 + 2 * token); // count 0 returns without writing it
        const keys = buf + 8 + 2 * token;
        return ex.lbw_map_batch(kind, fd, inBatch ? buf + 8 : 0, buf + 8 + token, keys, keys + count * ksz, buf, f, 0n);
      });
      u8 = inst.u8;
      view = inst.view;
    }
    const n = view.getUint32(buf, true);
    if (r < 0 && r !== -ENOENT) throw new BatchError(inst.error(op, r, a.label, buf === 0 ? NO_LOG : undefined), n);
    const keys = buf + 8 + 2 * token;
    const values = keys + count * ksz;
    const done = r === -ENOENT;
    // One allocation for keys, values and the token (each a view of its own range): an
    // ArrayBuffer per part cost more than the copy (docs/performance.md).
    const kb = n * ksz;
    const vb = n * vbytes;
    const out = new Uint8Array(kb + vb + (done ? 0 : token));
    out.set(u8.subarray(keys, keys + kb), 0);
    out.set(u8.subarray(values, values + vb), kb);
    if (!done) out.set(u8.subarray(buf + 8 + token, buf + 8 + 2 * token), kb + vb);
    const result: LookupBatchResult = { keys: out.subarray(0, kb), values: out.subarray(kb, kb + vb), count: n, done };
    if (!done) result.nextBatch = out.subarray(kb + vb);
    return result;
  }

  #writeBatch(op: string, kind: number, keys: Keys, values: Keys | undefined, elemFlags: number): number {
    const { fd, ksz, vbytes } = this.#sizes(op);
    const k = joined(op, 'keys', keys, ksz);
    const count = ksz ? k.length / ksz : 0;
    const v = values === undefined ? undefined : joined(op, 'values', values, vbytes);
    if (v && v.length !== count * vbytes) {
      throw new RangeError(`${op}: ${count} keys need ${count * vbytes} value bytes (${vbytes} each), got ${v.length}`);
    }
    const f = u64Flags(op, elemFlags);
    const a = this.#a;
    const inst = a.instance(op);
    const d = (f === 0n || f === 4n) ? directPath() : null; // as in #lookupBatch
    const token = Math.max(ksz, 4);
    let r = d === null ? DECLINED : directBatch(d, kind, fd, ksz, vbytes, Number(f), count, token, undefined, k, v);
    if (r !== DECLINED) {
      const n = d!.view.getUint32(0, true);
      if (r < 0) throw new BatchError(inst.error(op, r, a.label, NO_LOG), n);
      return n;
    }
    let buf = 0;
    r = inst.invoke(op, (ex) => {
      buf = inst.scratch(8 + k.length + (v?.length ?? 0));
      inst.view.setUint32(buf, count, true);
      inst.u8.set(k, buf + 8);
      if (v) inst.u8.set(v, buf + 8 + k.length);
      return ex.lbw_map_batch(kind, fd, 0, 0, buf + 8, v ? buf + 8 + k.length : 0, buf, f, 0n);
    });
    const n = inst.view.getUint32(buf, true);
    if (r < 0) throw new BatchError(inst.error(op, r, a.label), n);
    return n;
  }
}

/** One buffer of whole elements of `size` bytes from a buffer or an array of them. */
function joined(op: string, what: string, v: Keys, size: number): Uint8Array {
  if (v instanceof Uint8Array) {
    if (size === 0 || v.length % size !== 0) {
      throw new RangeError(`${op}: ${what} must be whole elements of ${size} bytes back to back, got ${v.length} bytes`);
    }
    return v;
  }
  if (!Array.isArray(v)) throw new TypeError(`${op}: ${what} must be a Uint8Array or an array of Uint8Array`);
  const out = new Uint8Array(v.length * size);
  v.forEach((e, i) => {
    bytesArg(op, `${what}[${i}]`, e);
    if (e.length !== size) throw new RangeError(`${op}: ${what}[${i}] is ${e.length} bytes, expected ${size}`);
    out.set(e, i * size);
  });
  return out;
}
