// BpfMap: libbpf's struct bpf_map, owned by its BpfObject. Element operations go through
// libbpf's bpf_map__*_elem, which check key and value sizes exactly as libbpf does; the
// rest (batch, per-CPU, iteration, freeze, info) is MapCore's, shared with MapHandle.
import type { ObjectCore } from './object-core.js';
import type { ModuleExports } from './module/exports.js';
import { checkInternal, INTERNAL } from './object-core.js';
import { LibbpfError } from './errors.js';
import { bytesArg, int32Arg, u32Arg } from './args.js';
import { MapCore, kernelValueBytes, type MapAccess } from './map-core.js';
import type { DirectTarget } from './map-direct.js';

export { IterationAbortedError, BatchError } from './map-core.js';
import { attachLink } from './attach.js';
import type { BpfLink } from './link.js';
import { libbpfMapTypes, type MapTypes } from './btf/typed-map.js';
import { objectBtf } from './btf/btf.js';

const ENOENT = 2;

const pointers = new WeakMap<BpfMap, number>();

/** @internal libbpf's struct bpf_map pointer of a map (never public). */
export function mapPointer(map: BpfMap): number | undefined {
  return pointers.get(map);
}

type Getter = 'bpf_map__type' | 'bpf_map__key_size' | 'bpf_map__value_size' | 'bpf_map__max_entries' |
  'bpf_map__map_flags' | 'bpf_map__fd' | 'bpf_map__is_internal' | 'bpf_map__is_pinned';

const ATTR_GETTER = {
  type: 'bpf_map__type', keySize: 'bpf_map__key_size', valueSize: 'bpf_map__value_size',
  maxEntries: 'bpf_map__max_entries', mapFlags: 'bpf_map__map_flags', fd: 'bpf_map__fd',
} as const;

/** The object-owned access: libbpf's bpf_map__* functions on the struct bpf_map. */
function objectAccess(core: ObjectCore, ptr: number, label: string, onReuse: { reset(): void },
  guard: (op: string) => void): MapAccess {
  /** Value bytes the kernel exchanges, cached once the map exists (sizes are fixed then). */
  let valueBytes = -1;
  /** The direct path's view, kept once the map exists: its fd and sizes are fixed then
   *  (reuseFd replaces the fd: reset). */
  let target: DirectTarget | undefined;
  onReuse.reset = () => { valueBytes = -1; target = undefined; };
  const get = (fn: Getter): number => {
    guard(fn);
    return core.invoke(fn, (ex) => ex[fn](ptr));
  };
  const notLoaded = (op: string) =>
    new LibbpfError(op, ENOENT, 'ENOENT', `${op}: ${label} is not loaded yet (call load() first)`);
  return {
    label,
    ops: {
      lookup: 'bpf_map__lookup_elem', lookupAndDelete: 'bpf_map__lookup_and_delete_elem',
      update: 'bpf_map__update_elem', delete: 'bpf_map__delete_elem', nextKey: 'bpf_map__get_next_key',
    },
    instance(op) {
      guard(op);
      return core.instance(op);
    },
    attr: (which) => get(ATTR_GETTER[which]),
    keySize: (ex) => ex.bpf_map__key_size(ptr),
    valueBytes(ex: ModuleExports): number {
      if (valueBytes >= 0) return valueBytes;
      const bytes = kernelValueBytes(ex.bpf_map__type(ptr), ex.bpf_map__value_size(ptr));
      if (ex.bpf_map__fd(ptr) >= 0) valueBytes = bytes;
      return bytes;
    },
    checkSizes: () => {}, // libbpf checks them, with its own message
    lookup: (ex, k, ks, v, vs, f, andDelete) => (andDelete
      ? ex.bpf_map__lookup_and_delete_elem(ptr, k, ks, v, vs, f)
      : ex.bpf_map__lookup_elem(ptr, k, ks, v, vs, f)),
    update: (ex, k, ks, v, vs, f) => ex.bpf_map__update_elem(ptr, k, ks, v, vs, f),
    delete: (ex, k, ks, f) => ex.bpf_map__delete_elem(ptr, k, ks, f),
    nextKey: (ex, k, n, ks) => ex.bpf_map__get_next_key(ptr, k, n, ks),
    fdFor(op) {
      const fd = get('bpf_map__fd');
      if (fd < 0) throw notLoaded(op);
      return fd;
    },
    direct() {
      if (target !== undefined) return target;
      const t = core.invoke('bpf_map__fd', (ex) => ({
        fd: ex.bpf_map__fd(ptr),
        keySize: ex.bpf_map__key_size(ptr),
        valueBytes: kernelValueBytes(ex.bpf_map__type(ptr), ex.bpf_map__value_size(ptr)),
      }));
      if (t.fd > 0) target = t; // libbpf's validate_map_op: fd <= 0 is ENOENT, its to say
      return target;
    },
    // libbpf answers ENOENT both for an absent key and for a map not created yet: only
    // the first is "absent"; the second is an error the caller must see.
    absent(op) {
      if (get('bpf_map__fd') < 0) throw notLoaded(op);
      return undefined;
    },
  };
}

export class BpfMap extends MapCore {
  readonly #ptr: number;
  readonly #core: ObjectCore;
  readonly #name: string;
  readonly #reuse: { reset(): void };
  readonly #guard: (op: string) => void;
  #inner: BpfMap | undefined;

  /** @internal Maps come from obj.maps and obj.map(name). */
  constructor(token: symbol, core: ObjectCore, ptr: number, outer = 0) {
    checkInternal(token, 'BpfMap', 'obj.maps or obj.map(name)');
    const name = core.invoke('bpf_map__name', (ex, inst) => inst.readCString(ex.bpf_map__name(ptr))) ?? '';
    const reuse = { reset() {} };
    // An inner map template lives until libbpf frees it (at load, or on setInnerMapFd):
    // every use checks that its outer map still has it.
    const guard = (op: string): void => {
      if (outer && core.invoke(op, (ex) => ex.bpf_map__inner_map(outer)) !== ptr) {
        throw new LibbpfError(op, ENOENT, 'ENOENT', `${op}: the inner map template '${name}' no longer exists ` +
          '(libbpf frees it when the outer map is created, or when setInnerMapFd replaces it)');
      }
    };
    super(objectAccess(core, ptr, `map '${name}'`, reuse, guard));
    this.#guard = guard;
    this.#core = core;
    this.#ptr = ptr;
    this.#name = name;
    this.#reuse = reuse;
    pointers.set(this, ptr);
  }

  get name(): string { return this.#name; }
  get isInternal(): boolean { return this.#get('bpf_map__is_internal') !== 0; }
  get isPinned(): boolean { return this.#get('bpf_map__is_pinned') !== 0; }

  get pinPath(): string | null {
    this.#guard('BpfMap');
    return this.#core.invoke('bpf_map__pin_path', (ex, inst) => inst.readCString(ex.bpf_map__pin_path(this.#ptr)));
  }

  /** bpf_map__set_pin_path: null clears it. Between open and load, auto-reuse uses it. */
  setPinPath(path: string | null): void {
    this.#guard('BpfMap');
    if (path !== null && typeof path !== 'string') throw new TypeError('BpfMap.setPinPath: expected a path (string) or null');
    this.#core.withPath('bpf_map__set_pin_path', path, false, (ex, p) => ex.bpf_map__set_pin_path(this.#ptr, p));
  }

  /** bpf_map__pin: at `path`, or at the map's pin path when omitted. */
  pin(path?: string): void {
    this.#guard('BpfMap');
    this.#core.withPath('bpf_map__pin', path, false, (ex, p) => ex.bpf_map__pin(this.#ptr, p));
  }

  unpin(path?: string): void {
    this.#guard('BpfMap');
    this.#core.withPath('bpf_map__unpin', path, false, (ex, p) => ex.bpf_map__unpin(this.#ptr, p));
  }

  /** bpf_map__attach_struct_ops: registers a loaded struct_ops map; the link unregisters it. */
  attachStructOps(): BpfLink {
    return attachLink(this.#core, 'bpf_map__attach_struct_ops', 'struct_ops', this.#name, [],
      (ex) => ex.bpf_map__attach_struct_ops(this.#ptr));
  }

  /** bpf_map__reuse_fd: use an existing map's fd (libbpf dups it; the caller keeps its own). */
  reuseFd(fd: number): void {
    this.#guard('BpfMap');
    int32Arg('BpfMap.reuseFd', 'fd', fd, 0);
    this.#core.call('bpf_map__reuse_fd', (ex) => ex.bpf_map__reuse_fd(this.#ptr, fd), this.#name);
    this.#reuse.reset();
  }

  setMaxEntries(n: number): void {
    this.#guard('BpfMap');
    u32Arg('BpfMap.setMaxEntries', 'maxEntries', n);
    this.#core.call('bpf_map__set_max_entries', (ex) => ex.bpf_map__set_max_entries(this.#ptr, n), this.#name);
  }

  /**
   * bpf_map__set_initial_value: the contents of a global-data map (.data, .rodata, .bss,
   * .data.*, .rodata.*) before load: how `const volatile` settings are configured.
   * libbpf's EINVAL for .kconfig, a wrong size, a map without initial value, or after load.
   */
  setInitialValue(bytes: Uint8Array): void {
    const op = 'bpf_map__set_initial_value';
    bytesArg(op, 'bytes', bytes);
    this.#guard(op);
    const inst = this.#core.instance(op);
    const r = inst.invoke(op, (ex) => {
      const buf = inst.scratch(Math.max(bytes.length, 1));
      inst.u8.set(bytes, buf);
      return ex.bpf_map__set_initial_value(this.#ptr, buf, bytes.length);
    });
    if (r < 0) throw inst.error(op, r, this.#name);
  }

  /** bpf_map__initial_value: a copy of libbpf's image of a global-data map; undefined for others. */
  initialValue(): Uint8Array | undefined {
    this.#guard('BpfMap');
    const op = 'bpf_map__initial_value';
    const inst = this.#core.instance(op);
    return inst.invoke(op, (ex) => {
      const psize = inst.scratch(4);
      inst.view.setUint32(psize, 0, true);
      const p = ex.bpf_map__initial_value(this.#ptr, psize);
      return p ? inst.u8.slice(p, p + inst.view.getUint32(psize, true)) : undefined;
    });
  }

  /** bpf_map__inner_map: the inner map template of a map-in-map (not in obj.maps); null for others. */
  get innerMap(): BpfMap | null {
    this.#guard('BpfMap.innerMap');
    const p = this.#core.invoke('bpf_map__inner_map', (ex) => ex.bpf_map__inner_map(this.#ptr));
    if (!p) return null;
    if (!this.#inner || mapPointer(this.#inner) !== p) this.#inner = new BpfMap(INTERNAL, this.#core, p, this.#ptr);
    return this.#inner;
  }

  /** bpf_map__set_inner_map_fd: before load, the inner map a map-in-map is created with. */
  setInnerMapFd(fd: number): void {
    this.#guard('BpfMap');
    int32Arg('BpfMap.setInnerMapFd', 'fd', fd, 0);
    this.#core.call('bpf_map__set_inner_map_fd', (ex) => ex.bpf_map__set_inner_map_fd(this.#ptr, fd), this.#name);
  }

  #get(fn: Getter): number {
    this.#guard('BpfMap');
    return this.#core.invoke(fn, (ex) => ex[fn](this.#ptr));
  }

  /** @internal Typed access: libbpf's type ids of this map, in its object's BTF. */
  protected mapTypes(): MapTypes {
    return libbpfMapTypes(() => objectBtf(this.#core), this.name,
      (which) => this.#core.invoke('bpf_map__btf_type_id', (ex) => which === 'key'
        ? ex.bpf_map__btf_key_type_id(this.#ptr) : ex.bpf_map__btf_value_type_id(this.#ptr)));
  }
}
