// Typed element access for BpfMap and MapHandle (get / set / typedEntries): keys and values
// as plain JS values through the map's BTF key and value types, on top of the map's raw
// lookup/update. Codecs and buffers are built on first use, then reused for every call.
import { PERCPU_TYPES } from '../map-core.js';
import { u64Flags } from '../args.js';
import { possibleCpus } from '../cpus.js';
import type { Codec } from './codec.js';
import { withPath } from './codec-errors.js';
import { bytesCodec, voidCodec } from './codec-scalars.js';
import { resolveType } from './resolve.js';
import type { Btf } from './btf.js';
import type { BtfType } from './types.js';

interface Layout {
  key: Codec;
  value: Codec;
  /** Per-CPU maps: how many values (possible CPUs), each at a multiple of `stride`. */
  cpus: number;
  stride: number;
  keyBuf: Uint8Array;
  keyView: DataView;
  valueBuf: Uint8Array;
  valueView: DataView;
}

/** A map's raw element operations (BpfMap, MapHandle: the shared map core). */
export interface RawMap {
  readonly name: string;
  readonly type: number;
  readonly keySize: number;
  readonly valueSize: number;
  lookup(key: Uint8Array): Uint8Array | undefined;
  update(key: Uint8Array, value: Uint8Array, flags?: number): void;
  keys(): IterableIterator<Uint8Array>;
}

/** Where a map's types come from: its object's BTF (libbpf's ids) or the kernel's (map info). */
export interface MapTypes {
  btf(): Btf | null;
  typeId(which: 'key' | 'value'): number;
}

export class TypedMapAccess {
  readonly #map: RawMap;
  readonly #types: MapTypes;
  #layout: Layout | undefined;

  constructor(map: RawMap, types: MapTypes) {
    this.#map = map;
    this.#types = types;
  }

  /** The BTF type of the key, or undefined without BTF. */
  get keyType(): BtfType | undefined {
    return this.#typeOf('key');
  }

  get valueType(): BtfType | undefined {
    return this.#typeOf('value');
  }

  get(key: unknown): unknown {
    const L = this.#ready();
    const raw = this.#map.lookup(this.#encodeKey(L, 'BpfMap.get', key));
    return raw === undefined ? undefined : this.#decodeValue(L, raw);
  }

  set(key: unknown, value: unknown, flags: number): void {
    const op = 'BpfMap.set';
    u64Flags(op, flags);
    const L = this.#ready();
    const k = this.#encodeKey(L, op, key);
    L.valueBuf.fill(0);
    try {
      if (L.cpus === 0) {
        L.value.encode(L.valueView, 0, value);
      } else {
        if (!Array.isArray(value)) throw new TypeError(`${op}: value: expected an array of ${L.cpus} values (one per possible CPU)`);
        if (value.length !== L.cpus) {
          throw new RangeError(`${op}: value: expected ${L.cpus} values (one per possible CPU), got ${value.length}`);
        }
        let i = 0;
        try {
          for (; i < L.cpus; i++) L.value.encode(L.valueView, i * L.stride, value[i]);
        } catch (e) {
          throw withPath(e, op, `value[${i}]`);
        }
      }
    } catch (e) {
      throw withPath(e, op, 'value');
    }
    this.#map.update(k, L.valueBuf, flags);
  }

  *entries(): IterableIterator<[unknown, unknown]> {
    const L = this.#ready();
    for (const k of this.#map.keys()) {
      const v = this.#map.lookup(k);
      if (v === undefined) continue; // deleted since keys() saw it
      L.keyBuf.set(k);
      yield [L.key.decode(L.keyView, 0), this.#decodeValue(L, v)];
    }
  }

  #encodeKey(L: Layout, op: string, key: unknown): Uint8Array {
    L.keyBuf.fill(0);
    try {
      L.key.encode(L.keyView, 0, key);
    } catch (e) {
      throw withPath(e, op, 'key');
    }
    return L.keyBuf;
  }

  /** Decodes through the layout's own view (a copy is cheaper than a DataView per call;
   *  decoders copy out whatever they keep). */
  #decodeValue(L: Layout, raw: Uint8Array): unknown {
    const dv = L.valueView;
    L.valueBuf.set(raw);
    if (L.cpus === 0) return L.value.decode(dv, 0);
    const out = new Array(L.cpus);
    for (let i = 0; i < L.cpus; i++) out[i] = L.value.decode(dv, i * L.stride);
    return out;
  }

  #typeOf(which: 'key' | 'value'): BtfType | undefined {
    const id = this.#types.typeId(which);
    return id ? this.#types.btf()?.typeById(id) : undefined;
  }

  /** Codecs for the map's key and value (raw bytes where the map has no BTF for them). */
  #ready(): Layout {
    if (this.#layout) return this.#layout;
    const map = this.#map;
    const btf = this.#types.btf();
    const keyId = this.#types.typeId('key');
    const valueId = this.#types.typeId('value');
    const cpus = possibleCpus();
    const codecOf = (id: number, size: number): Codec => {
      if (size === 0) return voidCodec;
      // A global data map's value is a DATASEC: its variables are typed through obj.globals.
      const c = id && btf && resolveType(btf, id).kind !== 'DATASEC' ? btf.codec(id) : undefined;
      return c && c.size === size ? c : bytesCodec(size);
    };
    const key = codecOf(keyId, map.keySize);
    const value = codecOf(valueId, map.valueSize);
    const perCpu = PERCPU_TYPES.has(map.type);
    const stride = Math.ceil(value.size / 8) * 8;
    const keyBuf = new Uint8Array(key.size);
    const valueBuf = new Uint8Array(perCpu ? stride * cpus : value.size);
    this.#layout = {
      key, value, cpus: perCpu ? cpus : 0, stride, keyBuf, keyView: new DataView(keyBuf.buffer),
      valueBuf, valueView: new DataView(valueBuf.buffer),
    };
    return this.#layout;
  }
}

/** libbpf's ids of a BpfMap's types. libbpf clears both when it creates a map whose type
 *  the kernel takes without BTF (queue, stack, ...): then they are read back from the map's
 *  definition in .maps, as libbpf parsed them at open. */
export function libbpfMapTypes(btf: () => Btf | null, mapName: string, libbpfId: (which: 'key' | 'value') => number): MapTypes {
  return {
    btf,
    typeId(which) {
      const id = libbpfId(which);
      const b = btf();
      return id || !b ? id : definitionTypeId(b, mapName, which);
    },
  };
}

/** In a BTF-defined map (struct { __type(key, K); __type(value, V); ... } name SEC(".maps")),
 *  the type K or V: the 'key'/'value' member is a pointer to it. 0 when not found. */
export function definitionTypeId(btf: Btf, mapName: string, member: 'key' | 'value'): number {
  const maps = btf.typeByName('.maps', 'DATASEC');
  if (maps?.kind !== 'DATASEC') return 0;
  for (const v of maps.vars) {
    const variable = btf.typeById(v.type);
    if (variable.kind !== 'VAR' || variable.name !== mapName) continue;
    const def = resolveType(btf, variable.type);
    if (def.kind !== 'STRUCT') return 0;
    const m = def.members.find((x) => x.name === member);
    const ptr = m ? btf.typeById(m.type) : undefined;
    return ptr?.kind === 'PTR' ? ptr.type : 0;
  }
  return 0;
}
