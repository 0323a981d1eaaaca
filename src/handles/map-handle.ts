// MapHandle: a map outside any BpfObject, owning its fd (from a pin, an id, or a dup of
// the caller's fd). Element ops use bpf.h's fd calls with the sizes the kernel reported
// for this map, checked here (libbpf's low-level calls do not check them); everything
// else is MapCore's, as for BpfMap.
import { MapCore, kernelValueBytes, type MapAccess } from '../map-core.js';
import { mapInfoReader, readInfo, type MapInfo } from '../info.js';
import { sharedInstance } from '../module/shared.js';
import { checkInternal, INTERNAL } from '../object-core.js';
import { possibleCpus } from '../cpus.js';
import type { OwnedFd } from '../owned-fd.js';
import { fdFromFd, fdFromId, fdFromPinned, pinFd } from './open.js';
import { mapIds } from './ids.js';
import type { MapTypes } from '../btf/typed-map.js';
import { KernelBtf } from '../btf/btf.js';

const WHAT = 'MapHandle';

function fdAccess(owned: OwnedFd, info: MapInfo): MapAccess {
  const ksz = info.keySize;
  const vbytes = kernelValueBytes(info.type, info.valueSize);
  const label = `map '${info.name}' (id ${info.id})`;
  const target = { fd: owned.fd, keySize: ksz, valueBytes: vbytes }; // the fd is checked open first
  const fixed = { type: info.type, keySize: ksz, valueSize: info.valueSize, maxEntries: info.maxEntries, mapFlags: info.mapFlags };
  return {
    label,
    ops: {
      lookup: 'bpf_map_lookup_elem_flags', lookupAndDelete: 'bpf_map_lookup_and_delete_elem_flags',
      update: 'bpf_map_update_elem', delete: 'bpf_map_delete_elem_flags', nextKey: 'bpf_map_get_next_key',
    },
    instance(op) {
      owned.use(op);
      return sharedInstance(op);
    },
    attr: (which) => (which === 'fd' ? owned.fd : fixed[which]),
    keySize: () => ksz,
    valueBytes: () => vbytes,
    checkSizes(op, key, value) {
      if (key && key.length !== ksz) throw new RangeError(`${op}: key is ${key.length} bytes, ${label} has ${ksz}-byte keys`);
      if (value && value.length !== vbytes) {
        throw new RangeError(`${op}: value is ${value.length} bytes, ${label} takes ${vbytes}` +
          (vbytes !== info.valueSize ? ` (per-CPU: ${info.valueSize} rounded up to 8, times ${possibleCpus()} CPUs)` : ''));
      }
    },
    lookup: (ex, k, _ks, v, _vs, f, andDelete) => (andDelete
      ? ex.bpf_map_lookup_and_delete_elem_flags(owned.fd, k, v, f)
      : ex.bpf_map_lookup_elem_flags(owned.fd, k, v, f)),
    update: (ex, k, _ks, v, _vs, f) => ex.bpf_map_update_elem(owned.fd, k, v, f),
    delete: (ex, k, _ks, f) => ex.bpf_map_delete_elem_flags(owned.fd, k, f),
    nextKey: (ex, k, n) => ex.bpf_map_get_next_key(owned.fd, k, n),
    fdFor: (op) => owned.use(op),
    absent: () => undefined,
    direct: () => target,
  };
}

/**
 * A map by its fd rather than by a BpfObject: one pinned by another process (fromPinned), found by
 * id (fromId), or a dup of an fd. The same element, batch and typed operations as BpfMap
 * (MapCore).
 */
export class MapHandle extends MapCore {
  readonly #fd: OwnedFd;
  readonly #name: string;
  readonly #id: number;
  readonly #info: MapInfo;
  /** The map's BTF from the kernel (btf_id), loaded on first typed use, closed with the handle. */
  #btf: KernelBtf | null | undefined;

  /** @internal Use MapHandle.fromPinned, fromId or fromFd. */
  constructor(token: symbol, owned: OwnedFd) {
    checkInternal(token, WHAT, 'MapHandle.fromPinned(), fromId() or fromFd()');
    let info: MapInfo;
    try {
      info = readInfo(sharedInstance('bpf_obj_get_info_by_fd'), 'bpf_obj_get_info_by_fd', owned.fd, WHAT, mapInfoReader);
    } catch (e) {
      owned.close();
      throw e;
    }
    super(fdAccess(owned, info));
    this.#fd = owned;
    this.#name = info.name;
    this.#id = info.id;
    this.#info = info;
  }

  /** bpf_obj_get: the map pinned at `path` (EINVAL if the pin is not a map). */
  static fromPinned(path: string): MapHandle {
    return new MapHandle(INTERNAL, fdFromPinned('bpf-map', WHAT, path));
  }

  /** bpf_map_get_fd_by_id (ENOENT once the map is gone). */
  static fromId(id: number): MapHandle {
    return new MapHandle(INTERNAL, fdFromId('bpf-map', WHAT, 'bpf_map_get_fd_by_id', id));
  }

  /** A handle on a dup of `fd` (the caller keeps and closes its own fd). */
  static fromFd(fd: number): MapHandle {
    return new MapHandle(INTERNAL, fdFromFd('bpf-map', WHAT, fd));
  }

  /** Every map id the kernel lists now (bpf_map_get_next_id). */
  static ids(): number[] {
    return mapIds();
  }

  /** The kernel's name of the map (BPF_OBJ_NAME_LEN - 1 bytes at most). */
  get name(): string { return this.#name; }
  /** The kernel's id of the map. */
  get id(): number { return this.#id; }
  /** Whether close() ran. */
  get closed(): boolean { return this.#fd.closed; }

  /** bpf_obj_pin. */
  pin(path: string): void {
    pinFd(this.#fd.use('bpf_obj_pin'), path, WHAT);
  }


  /** @internal Typed access: the BTF the kernel holds for the map (info's btf_id and type ids). */
  protected mapTypes(): MapTypes {
    return {
      btf: () => {
        if (this.#btf === undefined) this.#btf = this.#info.btfId ? KernelBtf.fromId(this.#info.btfId) : null;
        return this.#btf;
      },
      typeId: (which) => (which === 'key' ? this.#info.btfKeyTypeId : this.#info.btfValueTypeId),
    };
  }

  /** Closes the fd (once; later calls do nothing), and the map's BTF if typed access read it. */
  close(): void {
    this.#fd.close();
    this.#btf?.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
