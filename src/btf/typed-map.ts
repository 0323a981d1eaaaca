// Typed element access for BpfMap (map.get / map.set / map.typedEntries): keys and values
// as plain JS values through the map's BTF key and value types, on top of the map's raw
// lookup/update. Codecs and buffers are built on first use, then reused for every call.
import type { BpfMap } from '../map.js';
import { PERCPU_TYPES } from '../map.js';
import type { ObjectCore } from '../object-core.js';
import { u64Flags } from '../args.js';
import { objectBtf } from './btf.js';
import { bytesCodec, voidCodec, withPath, type Codec } from './codec.js';
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

export class TypedMapAccess {
  readonly #map: BpfMap;
  readonly #core: ObjectCore;
  readonly #ptr: number;
  #layout: Layout | undefined;

  constructor(map: BpfMap, core: ObjectCore, ptr: number) {
    this.#map = map;
    this.#core = core;
    this.#ptr = ptr;
  }

  /** The BTF type of the key (bpf_map__btf_key_type_id), or undefined without BTF. */
  get keyType(): BtfType | undefined {
    return this.#typeOf('bpf_map__btf_key_type_id');
  }

  get valueType(): BtfType | undefined {
    return this.#typeOf('bpf_map__btf_value_type_id');
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
      if (v !== undefined) yield [L.key.decode(new DataView(k.buffer, k.byteOffset, k.length), 0), this.#decodeValue(L, v)];
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

  #decodeValue(L: Layout, raw: Uint8Array): unknown {
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.length);
    if (L.cpus === 0) return L.value.decode(dv, 0);
    const out = new Array(L.cpus);
    for (let i = 0; i < L.cpus; i++) out[i] = L.value.decode(dv, i * L.stride);
    return out;
  }

  #typeOf(fn: 'bpf_map__btf_key_type_id' | 'bpf_map__btf_value_type_id'): BtfType | undefined {
    const id = this.#core.invoke(fn, (ex) => ex[fn](this.#ptr));
    const btf = objectBtf(this.#core);
    return id && btf ? btf.typeById(id) : undefined;
  }

  /** Codecs for the map's key and value (raw bytes where the map has no BTF for them). */
  #ready(): Layout {
    if (this.#layout) return this.#layout;
    const map = this.#map;
    const btf = objectBtf(this.#core);
    const [keyId, valueId, cpus] = this.#core.invoke('bpf_map__btf_key_type_id', (ex) => [
      ex.bpf_map__btf_key_type_id(this.#ptr), ex.bpf_map__btf_value_type_id(this.#ptr), ex.libbpf_num_possible_cpus(),
    ]);
    const codecOf = (id: number, size: number): Codec => {
      if (size === 0) return voidCodec;
      const c = id && btf ? btf.codec(id) : undefined;
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
