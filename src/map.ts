// BpfMap: libbpf's struct bpf_map, owned by its BpfObject. Element operations go through
// libbpf's bpf_map__*_elem (which check key and value sizes exactly as libbpf does) on a
// scratch buffer reused for every call: no allocation in the module, integers only across
// the boundary, and no JS object per call beyond the value returned.
import type { ObjectCore } from './object-core.js';
import type { ModuleExports } from './module/exports.js';
import { checkInternal } from './object-core.js';
import { LibbpfError } from './errors.js';
import { MapType } from './bpf-enums.js';
import { readMapInfo, type MapInfo } from './kernel-structs.js';
import { bytesArg, int32Arg, u32Arg, u64Flags } from './args.js';
import { TypedMapAccess } from './btf/typed-map.js';
import type { BtfType } from './btf/types.js';

const ENOENT = 2;
export const PERCPU_TYPES = new Set<number>([
  MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH, MapType.PERCPU_CGROUP_STORAGE,
]);

const pointers = new WeakMap<BpfMap, number>();

/** @internal libbpf's struct bpf_map pointer of a map (never public). */
export function mapPointer(map: BpfMap): number | undefined {
  return pointers.get(map);
}

/** Raised by keys() when a map yields more keys than it can hold (its keys move meanwhile). */
export class IterationAbortedError extends LibbpfError {}

export class BpfMap {
  readonly #ptr: number;
  readonly #core: ObjectCore;
  readonly #name: string;
  /** Bytes of one value as the kernel exchanges it (per-CPU maps: one slot per possible CPU). */
  #valueBytes = -1;
  #typed: TypedMapAccess | undefined;

  /** @internal Maps come from obj.maps and obj.map(name). */
  constructor(token: symbol, core: ObjectCore, ptr: number) {
    checkInternal(token, 'BpfMap', 'obj.maps or obj.map(name)');
    this.#core = core;
    this.#ptr = ptr;
    this.#name = core.invoke('bpf_map__name', (ex, inst) => inst.readCString(ex.bpf_map__name(ptr))) ?? '';
    pointers.set(this, ptr);
  }

  get name(): string { return this.#name; }
  /** The kernel's enum bpf_map_type (see MapType). */
  get type(): number { return this.#get('bpf_map__type'); }
  get keySize(): number { return this.#get('bpf_map__key_size'); }
  get valueSize(): number { return this.#get('bpf_map__value_size'); }
  get maxEntries(): number { return this.#get('bpf_map__max_entries'); }
  get mapFlags(): number { return this.#get('bpf_map__map_flags'); }
  /** The map's fd once loaded (or reused); -1 before. */
  get fd(): number { return this.#get('bpf_map__fd'); }
  get isInternal(): boolean { return this.#get('bpf_map__is_internal') !== 0; }
  get isPinned(): boolean { return this.#get('bpf_map__is_pinned') !== 0; }

  get pinPath(): string | null {
    return this.#core.invoke('bpf_map__pin_path', (ex, inst) => inst.readCString(ex.bpf_map__pin_path(this.#ptr)));
  }

  /** bpf_map__set_pin_path: null clears it. Between open and load, auto-reuse uses it. */
  setPinPath(path: string | null): void {
    if (path !== null && typeof path !== 'string') throw new TypeError('BpfMap.setPinPath: expected a path (string) or null');
    this.#core.withPath('bpf_map__set_pin_path', path, false, (ex, p) => ex.bpf_map__set_pin_path(this.#ptr, p));
  }

  /** bpf_map__pin: at `path`, or at the map's pin path when omitted. */
  pin(path?: string): void {
    this.#core.withPath('bpf_map__pin', path, false, (ex, p) => ex.bpf_map__pin(this.#ptr, p));
  }

  unpin(path?: string): void {
    this.#core.withPath('bpf_map__unpin', path, false, (ex, p) => ex.bpf_map__unpin(this.#ptr, p));
  }

  /** bpf_map__reuse_fd: use an existing map's fd (libbpf dups it; the caller keeps its own). */
  reuseFd(fd: number): void {
    int32Arg('BpfMap.reuseFd', 'fd', fd, 0);
    this.#core.call('bpf_map__reuse_fd', (ex) => ex.bpf_map__reuse_fd(this.#ptr, fd), this.#name);
    this.#valueBytes = -1;
  }

  setMaxEntries(n: number): void {
    u32Arg('BpfMap.setMaxEntries', 'maxEntries', n);
    this.#core.call('bpf_map__set_max_entries', (ex) => ex.bpf_map__set_max_entries(this.#ptr, n), this.#name);
  }

  /** The kernel's view of the loaded map (BPF_OBJ_GET_INFO_BY_FD). */
  info(): MapInfo {
    const op = 'bpf_obj_get_info_by_fd';
    const fd = this.fd;
    if (fd < 0) throw this.#notLoaded('BpfMap.info');
    const inst = this.#core.instance(op);
    const r = inst.invoke(op, (ex) => readMapInfo(inst, ex, fd));
    if (typeof r === 'number') throw inst.error(op, r, this.#name);
    return r;
  }

  /** bpf_map__lookup_elem: the value, or undefined when the key is absent (ENOENT). */
  lookup(key: Uint8Array, flags = 0): Uint8Array | undefined {
    return this.#readValue('bpf_map__lookup_elem', false, key, flags);
  }

  /** bpf_map__update_elem with UpdateFlags (ANY, NOEXIST, EXIST, F_LOCK). */
  update(key: Uint8Array, value: Uint8Array, flags = 0): void {
    const op = 'bpf_map__update_elem';
    bytesArg(op, 'key', key);
    bytesArg(op, 'value', value);
    const f = u64Flags(op, flags);
    const inst = this.#core.instance(op);
    const r = inst.invoke(op, (ex) => {
      const ksz = key.length;
      const vsz = value.length;
      const kroom = ksz === ex.bpf_map__key_size(this.#ptr) ? ksz : 0;
      const vroom = vsz === this.#valueBytesOf(ex) ? vsz : 0;
      const buf = inst.scratch(kroom + vroom);
      const u8 = inst.u8;
      if (kroom) u8.set(key, buf);
      if (vroom) u8.set(value, buf + kroom);
      return ex.bpf_map__update_elem(this.#ptr, ksz === 0 ? 0 : buf, ksz, buf + kroom, vsz, f);
    });
    if (r < 0) throw inst.error(op, r, this.#name);
  }

  /** bpf_map__delete_elem: true if the key was there, false when absent (ENOENT). */
  delete(key: Uint8Array, flags = 0): boolean {
    const op = 'bpf_map__delete_elem';
    bytesArg(op, 'key', key);
    const f = u64Flags(op, flags);
    const inst = this.#core.instance(op);
    const r = inst.invoke(op, (ex) => {
      const ksz = key.length;
      const room = ksz === ex.bpf_map__key_size(this.#ptr) ? ksz : 0;
      const buf = inst.scratch(Math.max(room, 1));
      if (room) inst.u8.set(key, buf);
      return ex.bpf_map__delete_elem(this.#ptr, ksz === 0 ? 0 : buf, ksz, f);
    });
    if (r === -ENOENT) return this.#absent(op) ?? false;
    if (r < 0) throw inst.error(op, r, this.#name);
    return true;
  }

  /** bpf_map__lookup_and_delete_elem: pops queue/stack maps; undefined when empty (ENOENT). */
  lookupAndDelete(key: Uint8Array = new Uint8Array(0), flags = 0): Uint8Array | undefined {
    return this.#readValue('bpf_map__lookup_and_delete_elem', true, key, flags);
  }

  /** bpf_map__get_next_key: the first key when `key` is omitted or absent; undefined after the last. */
  nextKey(key?: Uint8Array): Uint8Array | undefined {
    const op = 'bpf_map__get_next_key';
    if (key !== undefined) bytesArg(op, 'key', key);
    const inst = this.#core.instance(op);
    let ksz = 0;
    let out = 0;
    const r = inst.invoke(op, (ex) => {
      ksz = ex.bpf_map__key_size(this.#ptr);
      const given = key?.length ?? ksz;
      const room = given === ksz ? ksz : 0;
      const buf = inst.scratch(room + ksz);
      if (key && room) inst.u8.set(key, buf);
      out = buf + room;
      return ex.bpf_map__get_next_key(this.#ptr, key ? buf : 0, out, given);
    });
    if (r === -ENOENT) return this.#absent(op);
    if (r < 0) throw inst.error(op, r, this.#name);
    return inst.u8.slice(out, out + ksz);
  }

  /**
   * Every key, once each, in the kernel's iteration order. Bounded like cilium/ebpf's
   * iterator: a map cannot hold more than maxEntries keys, so a walk that yields more
   * (keys deleted and added meanwhile make the kernel restart from the first key) throws
   * IterationAbortedError instead of running forever.
   */
  *keys(): IterableIterator<Uint8Array> {
    const bound = this.maxEntries;
    let n = 0;
    for (let k = this.nextKey(); k !== undefined; k = this.nextKey(k)) {
      if (n === bound) {
        throw new IterationAbortedError('BpfMap.keys', 0, 'EITERABORTED',
          `BpfMap.keys: map '${this.#name}' yielded more than its ${bound} max entries; its keys changed ` +
          'during iteration, so the walk was stopped');
      }
      n++;
      yield k;
    }
  }

  // Typed access through the map's BTF key and value types (src/btf/typed-map.ts).
  /** The BTF type of the key (bpf_map__btf_key_type_id); undefined when the map has none. */
  get keyType(): BtfType | undefined { return this.#typedAccess().keyType; }
  get valueType(): BtfType | undefined { return this.#typedAccess().valueType; }
  /** lookup with the key and value as JS values (see README, "Typed data"). */
  get(key: unknown): unknown { return this.#typedAccess().get(key); }
  /** update with the key and value as JS values, their shape checked first. */
  set(key: unknown, value: unknown, flags = 0): void { this.#typedAccess().set(key, value, flags); }
  /** Every [key, value] as JS values, in the kernel's order. */
  typedEntries(): IterableIterator<[unknown, unknown]> { return this.#typedAccess().entries(); }
  #typedAccess(): TypedMapAccess { return (this.#typed ??= new TypedMapAccess(this, this.#core, this.#ptr)); }

  /** lookup and lookup-and-delete: one path (it runs for every element read). */
  #readValue(op: string, andDelete: boolean, key: Uint8Array, flags: number): Uint8Array | undefined {
    bytesArg(op, 'key', key);
    const f = u64Flags(op, flags);
    const inst = this.#core.instance(op);
    let out = 0;
    let vsz = 0;
    const r = inst.invoke(op, (ex) => {
      vsz = this.#valueBytesOf(ex);
      const ksz = key.length;
      const room = ksz === ex.bpf_map__key_size(this.#ptr) ? ksz : 0;
      const buf = inst.scratch(room + vsz);
      if (room) inst.u8.set(key, buf);
      out = buf + room;
      const keyPtr = ksz === 0 ? 0 : buf; // keyless maps (queue, stack) take NULL
      return andDelete
        ? ex.bpf_map__lookup_and_delete_elem(this.#ptr, keyPtr, ksz, out, vsz, f)
        : ex.bpf_map__lookup_elem(this.#ptr, keyPtr, ksz, out, vsz, f);
    });
    if (r === -ENOENT) return this.#absent(op);
    if (r < 0) throw inst.error(op, r, this.#name);
    return inst.u8.slice(out, out + vsz);
  }

  #get(fn: 'bpf_map__type' | 'bpf_map__key_size' | 'bpf_map__value_size' | 'bpf_map__max_entries' |
    'bpf_map__map_flags' | 'bpf_map__fd' | 'bpf_map__is_internal' | 'bpf_map__is_pinned'): number {
    return this.#core.invoke(fn, (ex) => ex[fn](this.#ptr));
  }

  /** libbpf answers ENOENT both for an absent key and for a map not created yet: only
   *  the first is "absent"; the second is an error the caller must see. */
  #absent(op: string): undefined {
    if (this.fd < 0) throw this.#notLoaded(op);
    return undefined;
  }

  #notLoaded(op: string): LibbpfError {
    return new LibbpfError(op, ENOENT, 'ENOENT', `${op}: map '${this.#name}' is not loaded yet (call load() first)`);
  }

  /** Inside invoke(): the value bytes the kernel exchanges, cached once the map exists
   *  (sizes are fixed then). */
  #valueBytesOf(ex: ModuleExports): number {
    if (this.#valueBytes >= 0) return this.#valueBytes;
    const size = ex.bpf_map__value_size(this.#ptr);
    const bytes = PERCPU_TYPES.has(ex.bpf_map__type(this.#ptr))
      ? Math.ceil(size / 8) * 8 * ex.libbpf_num_possible_cpus()
      : size;
    if (ex.bpf_map__fd(this.#ptr) >= 0) this.#valueBytes = bytes;
    return bytes;
  }
}
