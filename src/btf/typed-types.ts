// Static types for typed access: what `libbpf-wasm gen types` output refers to, so that a
// BpfObject and its maps can be viewed with their C types (no runtime cost: a cast).
import type { BpfMap } from '../map.js';
import type { BpfObject } from '../object.js';

/** A BpfMap whose get/set/typedEntries carry its key and value types. */
export type TypedMap<K, V> = Omit<BpfMap, 'get' | 'set' | 'typedEntries'> & {
  get(key: K): V | undefined;
  set(key: K, value: V, flags?: number): void;
  typedEntries(): IterableIterator<[K, V]>;
};

/** A BpfObject whose map(name) and globals carry the types generated for its maps and variables. */
export type TypedObject<M, G> = Omit<BpfObject, 'map' | 'globals'> & {
  map<N extends keyof M & string>(name: N): M[N];
  map(name: string): BpfMap | undefined;
  readonly globals: G;
};
