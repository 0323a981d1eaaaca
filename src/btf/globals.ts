// obj.globals: the object's global variables by name, from the DATASEC of each global
// data map (.rodata, .data, .bss, .kconfig, .data.*, .rodata.*), like the data members
// of a bpftool skeleton. Before load they read and write the map's initial value (what
// load() copies into the kernel map: the `const volatile` configuration pattern); after
// load they read and write the kernel map's single element. .rodata* is frozen by load,
// so it is read-only after load; .kconfig is filled in by libbpf during load (undefined
// before) and always read-only.
import type { BpfMap } from '../map.js';
import { mapPointer } from '../map.js';
import type { ObjectCore } from '../object-core.js';
import { objectBtf } from './btf.js';
import type { Codec } from './codec.js';
import { withPath } from './codec-errors.js';
import { BTF_VAR_STATIC } from './layout.js';

export interface GlobalVariable {
  name: string;
  /** The DATASEC (section) it lives in: '.rodata', '.bss', '.data.custom', ... */
  section: string;
  map: BpfMap;
  offset: number;
  size: number;
  /** The variable's BTF type id (the VAR's type). */
  type: number;
  codec: Codec;
}

/** Every non-static variable of every global data map, in map then section order. */
export function globalVariables(core: ObjectCore, maps: BpfMap[]): GlobalVariable[] {
  const btf = objectBtf(core);
  if (!btf) return [];
  const out: GlobalVariable[] = [];
  for (const map of maps) {
    if (!map.isInternal) continue;
    const ptr = mapPointer(map) as number;
    const id = core.invoke('bpf_map__btf_value_type_id', (ex) => ex.bpf_map__btf_value_type_id(ptr));
    const sec = id ? btf.typeById(id) : undefined;
    if (sec?.kind !== 'DATASEC') continue;
    for (const v of sec.vars) {
      const variable = btf.typeById(v.type);
      if (variable.kind !== 'VAR' || variable.linkage === BTF_VAR_STATIC) continue;
      out.push({
        name: variable.name, section: sec.name, map, offset: v.offset, size: v.size, type: variable.type,
        codec: btf.codec(variable.type),
      });
    }
  }
  return out;
}

/** The obj.globals object: one accessor property per variable; nothing else can be set. */
export function createGlobals(core: ObjectCore, maps: BpfMap[]): Record<string, unknown> {
  const globals: Record<string, unknown> = {};
  const variables = globalVariables(core, maps);
  for (const g of variables) {
    Object.defineProperty(globals, g.name, {
      enumerable: true,
      get: () => readGlobal(core, g),
      set: (value: unknown) => writeGlobal(core, g, value),
    });
  }
  Object.preventExtensions(globals);
  // A misspelt name must not pass silently, in sloppy-mode code too.
  const names = variables.map((g) => g.name);
  const view = new Proxy(globals, {
    set: (target, prop, value) => {
      if (!Object.hasOwn(target, prop)) {
        throw new TypeError(`globals.${String(prop)}: no such global variable (this object has: ${names.join(', ') || 'none'})`);
      }
      return Reflect.set(target, prop, value);
    },
  });
  described.set(view, variables);
  return view;
}

const described = new WeakMap<object, GlobalVariable[]>();

/** @internal The variables behind an obj.globals object (for gen types). */
export function describeGlobals(globals: object): GlobalVariable[] {
  return described.get(globals) ?? [];
}

const ZERO_KEY = new Uint8Array(4);

function readGlobal(core: ObjectCore, g: GlobalVariable): unknown {
  const op = `globals.${g.name}`;
  let bytes: Uint8Array;
  if (g.map.fd >= 0) {
    const all = g.map.lookup(ZERO_KEY);
    if (!all) throw new RangeError(`${op}: the ${g.section} map has no element`);
    bytes = all.subarray(g.offset, g.offset + g.size);
  } else {
    if (g.section === '.kconfig') return undefined; // libbpf resolves them during load()
    bytes = initialBytes(core, g, op);
  }
  return g.codec.decode(new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 0);
}

function writeGlobal(core: ObjectCore, g: GlobalVariable, value: unknown): void {
  const op = `globals.${g.name}`;
  const loaded = g.map.fd >= 0;
  if (g.section === '.kconfig') throw new TypeError(`${op} is read-only (.kconfig values come from the kernel's config)`);
  if (loaded && g.section.startsWith('.rodata')) {
    throw new TypeError(`${op} is read-only after load (${g.section} is frozen); set it before load()`);
  }
  const bytes = new Uint8Array(g.size);
  try {
    g.codec.encode(new DataView(bytes.buffer), 0, value);
  } catch (e) {
    throw withPath(e, op, 'value');
  }
  if (loaded) {
    const all = g.map.lookup(ZERO_KEY);
    if (!all) throw new RangeError(`${op}: the ${g.section} map has no element`);
    all.set(bytes, g.offset);
    g.map.update(ZERO_KEY, all);
    return;
  }
  const data = initialValue(core, g, op);
  core.invoke('bpf_map__initial_value', (_ex, inst) => inst.u8.set(bytes, data + g.offset));
}

/** A copy of the variable's bytes in the map's initial value (before load). */
function initialBytes(core: ObjectCore, g: GlobalVariable, op: string): Uint8Array {
  const data = initialValue(core, g, op);
  return core.invoke('bpf_map__initial_value', (_ex, inst) => inst.u8.slice(data + g.offset, data + g.offset + g.size));
}

/** bpf_map__initial_value: libbpf's buffer load() copies into the map (it lives as long
 *  as the object), checked to hold the variable. */
function initialValue(core: ObjectCore, g: GlobalVariable, op: string): number {
  const ptr = mapPointer(g.map) as number;
  const [data, size] = core.invoke('bpf_map__initial_value', (ex, inst) => {
    const sizePtr = inst.scratch(4);
    const p = ex.bpf_map__initial_value(ptr, sizePtr);
    return [p, inst.view.getUint32(sizePtr, true)];
  });
  if (!data || g.offset + g.size > size) throw new RangeError(`${op}: the ${g.section} map has no initial value to hold it`);
  return data;
}
