// BpfMap: libbpf's struct bpf_map, owned by its BpfObject. Element operations go through
// libbpf's bpf_map__*_elem (which check key and value sizes exactly as libbpf does) on a
// scratch buffer reused for every call: no allocation in the module, integers only across
// the boundary, and no JS object per call beyond the value returned.
import type { BpfObject } from './object.js';
import type { ModuleInstance } from './module/instance.js';
import { LibbpfError, libbpfError, trapError, isTrap, closedError } from './errors.js';
import { MapType } from './bpf-enums.js';
import { readMapInfo, type MapInfo } from './kernel-structs.js';

const ENOENT = 2;
const PERCPU_TYPES = new Set<number>([
  MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH, MapType.PERCPU_CGROUP_STORAGE,
]);
const SMALL_FLAGS = Array.from({ length: 8 }, (_, i) => BigInt(i));

function u64Flags(op: string, flags: number): bigint {
  if (flags >= 0 && flags < 8 && Number.isInteger(flags)) return SMALL_FLAGS[flags];
  if (typeof flags !== 'number') throw new TypeError(`${op}: flags must be a number (UpdateFlags)`);
  if (!Number.isSafeInteger(flags) || flags < 0) {
    throw new RangeError(`${op}: flags must be a non-negative integer, got ${flags}`);
  }
  return BigInt(flags);
}

function bytesArg(op: string, what: string, v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`${op}: ${what} must be a Uint8Array`);
  return v;
}

export class BpfMap {
  /** @internal */ readonly ptr: number;
  private readonly obj: BpfObject;
  private readonly mapName: string;
  /** Bytes of one value as the kernel exchanges it (per-CPU maps: one slot per possible CPU). */
  private valueBytes = -1;

  /** @internal */
  constructor(obj: BpfObject, ptr: number) {
    this.obj = obj;
    this.ptr = ptr;
    const inst = obj.instance('BpfMap');
    this.mapName = inst.readCString(inst.exports.bpf_map__name(ptr)) ?? '';
  }

  get name(): string { return this.mapName; }
  /** The kernel's enum bpf_map_type (see MapType). */
  get type(): number { return this.ex('BpfMap.type').bpf_map__type(this.ptr); }
  get keySize(): number { return this.ex('BpfMap.keySize').bpf_map__key_size(this.ptr); }
  get valueSize(): number { return this.ex('BpfMap.valueSize').bpf_map__value_size(this.ptr); }
  get maxEntries(): number { return this.ex('BpfMap.maxEntries').bpf_map__max_entries(this.ptr); }
  get mapFlags(): number { return this.ex('BpfMap.mapFlags').bpf_map__map_flags(this.ptr); }
  /** The map's fd once loaded (or reused); -1 before. */
  get fd(): number { return this.ex('BpfMap.fd').bpf_map__fd(this.ptr); }
  get isInternal(): boolean { return this.ex('BpfMap.isInternal').bpf_map__is_internal(this.ptr) !== 0; }
  get isPinned(): boolean { return this.ex('BpfMap.isPinned').bpf_map__is_pinned(this.ptr) !== 0; }

  get pinPath(): string | null {
    const inst = this.obj.instance('BpfMap.pinPath');
    return inst.readCString(inst.exports.bpf_map__pin_path(this.ptr));
  }

  /** bpf_map__set_pin_path: null clears it. Between open and load, auto-reuse uses it. */
  setPinPath(path: string | null): void {
    if (path !== null && typeof path !== 'string') throw new TypeError('BpfMap.setPinPath: expected a path (string) or null');
    this.obj.withPath('bpf_map__set_pin_path', path, false, (ex, p) => ex.bpf_map__set_pin_path(this.ptr, p));
  }

  /** bpf_map__pin: at `path`, or at the map's pin path when omitted. */
  pin(path?: string): void {
    this.obj.withPath('bpf_map__pin', path, false, (ex, p) => ex.bpf_map__pin(this.ptr, p));
  }

  unpin(path?: string): void {
    this.obj.withPath('bpf_map__unpin', path, false, (ex, p) => ex.bpf_map__unpin(this.ptr, p));
  }

  /** bpf_map__reuse_fd: use an existing map's fd (libbpf dups it; the caller keeps its own). */
  reuseFd(fd: number): void {
    if (!Number.isInteger(fd)) throw new TypeError('BpfMap.reuseFd: fd must be an integer');
    this.obj.call('bpf_map__reuse_fd', (ex) => ex.bpf_map__reuse_fd(this.ptr, fd), this.mapName);
    this.valueBytes = -1;
  }

  setMaxEntries(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
      throw new RangeError('BpfMap.setMaxEntries: expected an unsigned 32-bit integer');
    }
    this.obj.call('bpf_map__set_max_entries', (ex) => ex.bpf_map__set_max_entries(this.ptr, n), this.mapName);
  }

  /** The kernel's view of the loaded map (BPF_OBJ_GET_INFO_BY_FD). */
  info(): MapInfo {
    const fd = this.loadedFd('BpfMap.info');
    let info: MapInfo | undefined;
    this.obj.call('bpf_obj_get_info_by_fd', (_ex, inst) => {
      const r = readMapInfo(inst, fd);
      if (typeof r === 'number') return r;
      info = r;
      return 0;
    }, this.mapName);
    return info!;
  }

  /** bpf_map__lookup_elem: the value, or undefined when the key is absent (ENOENT). */
  lookup(key: Uint8Array, flags = 0): Uint8Array | undefined {
    return this.readValue('bpf_map__lookup_elem', false, key, flags);
  }

  /** bpf_map__update_elem with UpdateFlags (ANY, NOEXIST, EXIST, F_LOCK). */
  update(key: Uint8Array, value: Uint8Array, flags = 0): void {
    const op = 'bpf_map__update_elem';
    const inst = this.live(op);
    bytesArg(op, 'key', key);
    bytesArg(op, 'value', value);
    const f = u64Flags(op, flags);
    const ex = inst.exports;
    const ksz = key.length;
    const vsz = value.length;
    const kroom = ksz === ex.bpf_map__key_size(this.ptr) ? ksz : 0;
    const vroom = vsz === (this.valueBytes >= 0 ? this.valueBytes : this.computeValueBytes(inst)) ? vsz : 0;
    const buf = inst.scratch(kroom + vroom);
    const u8 = inst.u8;
    if (kroom) u8.set(key, buf);
    if (vroom) u8.set(value, buf + kroom);
    inst.lastWarning = '';
    let r: number;
    try {
      r = ex.bpf_map__update_elem(this.ptr, ksz === 0 ? 0 : buf, ksz, buf + kroom, vsz, f);
    } catch (e) {
      throw this.trapped(inst, op, e);
    }
    if (r < 0) throw libbpfError(inst, op, r, this.mapName);
  }

  /** bpf_map__delete_elem: true if the key was there, false when absent (ENOENT). */
  delete(key: Uint8Array, flags = 0): boolean {
    const op = 'bpf_map__delete_elem';
    const inst = this.live(op);
    bytesArg(op, 'key', key);
    const f = u64Flags(op, flags);
    const ksz = key.length;
    const room = ksz === inst.exports.bpf_map__key_size(this.ptr) ? ksz : 0;
    const buf = inst.scratch(Math.max(room, 1));
    if (room) inst.u8.set(key, buf);
    inst.lastWarning = '';
    let r: number;
    try {
      r = inst.exports.bpf_map__delete_elem(this.ptr, ksz === 0 ? 0 : buf, ksz, f);
    } catch (e) {
      throw this.trapped(inst, op, e);
    }
    if (r === -ENOENT) return this.absent(inst, op) ?? false;
    if (r < 0) throw libbpfError(inst, op, r, this.mapName);
    return true;
  }

  /** bpf_map__lookup_and_delete_elem: pops queue/stack maps; undefined when empty (ENOENT). */
  lookupAndDelete(key: Uint8Array = new Uint8Array(0), flags = 0): Uint8Array | undefined {
    return this.readValue('bpf_map__lookup_and_delete_elem', true, key, flags);
  }

  /** bpf_map__get_next_key: the first key when `key` is omitted or absent; undefined after the last. */
  nextKey(key?: Uint8Array): Uint8Array | undefined {
    const op = 'bpf_map__get_next_key';
    const inst = this.live(op);
    if (key !== undefined) bytesArg(op, 'key', key);
    const ex = inst.exports;
    const ksz = ex.bpf_map__key_size(this.ptr);
    const given = key?.length ?? ksz;
    const room = given === ksz ? ksz : 0;
    const buf = inst.scratch(room + ksz);
    if (key && room) inst.u8.set(key, buf);
    inst.lastWarning = '';
    let r: number;
    try {
      r = ex.bpf_map__get_next_key(this.ptr, key ? buf : 0, buf + room, given);
    } catch (e) {
      throw this.trapped(inst, op, e);
    }
    if (r === -ENOENT) return this.absent(inst, op);
    if (r < 0) throw libbpfError(inst, op, r, this.mapName);
    return inst.u8.slice(buf + room, buf + room + ksz);
  }

  /** Every key, once each, in the kernel's iteration order. */
  *keys(): IterableIterator<Uint8Array> {
    for (let k = this.nextKey(); k !== undefined; k = this.nextKey(k)) yield k;
  }

  /** lookup and lookup-and-delete: one path, no closure (it runs for every element read). */
  private readValue(op: string, andDelete: boolean, key: Uint8Array, flags: number): Uint8Array | undefined {
    const inst = this.live(op);
    bytesArg(op, 'key', key);
    const f = u64Flags(op, flags);
    const ex = inst.exports;
    const vsz = this.valueBytes >= 0 ? this.valueBytes : this.computeValueBytes(inst);
    const ksz = key.length;
    const room = ksz === ex.bpf_map__key_size(this.ptr) ? ksz : 0;
    const buf = inst.scratch(room + vsz);
    if (room) inst.u8.set(key, buf);
    inst.lastWarning = '';
    let r: number;
    try {
      const keyPtr = ksz === 0 ? 0 : buf; // keyless maps (queue, stack) take NULL
      r = andDelete
        ? ex.bpf_map__lookup_and_delete_elem(this.ptr, keyPtr, ksz, buf + room, vsz, f)
        : ex.bpf_map__lookup_elem(this.ptr, keyPtr, ksz, buf + room, vsz, f);
    } catch (e) {
      throw this.trapped(inst, op, e);
    }
    if (r === -ENOENT) return this.absent(inst, op);
    if (r < 0) throw libbpfError(inst, op, r, this.mapName);
    return inst.u8.slice(buf + room, buf + room + vsz);
  }

  private ex(op: string): ModuleInstance['exports'] {
    return this.obj.instance(op).exports;
  }

  /** The instance, for an element operation: the map must be loaded. */
  private live(op: string): ModuleInstance {
    const inst = this.obj.inst;
    if (!inst || inst.broken) throw closedError(op, `map '${this.mapName}' (its bpf_object)`);
    return inst;
  }

  private loadedFd(op: string): number {
    const fd = this.fd;
    if (fd < 0) throw this.notLoaded(op);
    return fd;
  }

  /** libbpf answers ENOENT both for an absent key and for a map not created yet: only
   *  the first is "absent"; the second is an error the caller must see. */
  private absent(inst: ModuleInstance, op: string): undefined {
    if (inst.exports.bpf_map__fd(this.ptr) < 0) throw this.notLoaded(op);
    return undefined;
  }

  private notLoaded(op: string): LibbpfError {
    return new LibbpfError(op, ENOENT, 'ENOENT', `${op}: map '${this.mapName}' is not loaded yet (call load() first)`);
  }

  private computeValueBytes(inst: ModuleInstance): number {
    const ex = inst.exports;
    const size = ex.bpf_map__value_size(this.ptr);
    const bytes = PERCPU_TYPES.has(ex.bpf_map__type(this.ptr))
      ? Math.ceil(size / 8) * 8 * ex.libbpf_num_possible_cpus()
      : size;
    // Sizes are fixed once the map exists in the kernel.
    if (ex.bpf_map__fd(this.ptr) >= 0) this.valueBytes = bytes;
    return bytes;
  }

  private trapped(inst: ModuleInstance, op: string, e: unknown): unknown {
    if (!isTrap(e)) return e;
    this.obj.inst = null;
    return trapError(inst, op, e);
  }
}
