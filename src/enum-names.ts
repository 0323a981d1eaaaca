// libbpf's names for the kernel's enums (libbpf_bpf_{map,prog,attach,link}_type_str):
// "hash", "xdp", "cgroup_inet_ingress", the names bpftool prints. Read from the module,
// so they are libbpf 1.1.2's own; cached per process.
import { acquireInstance, releaseInstance } from './module/pool.js';
import type { ModuleExports } from './module/exports.js';

type Kind = 'map' | 'prog' | 'attach' | 'link';
const FN = {
  map: 'libbpf_bpf_map_type_str', prog: 'libbpf_bpf_prog_type_str',
  attach: 'libbpf_bpf_attach_type_str', link: 'libbpf_bpf_link_type_str',
} as const satisfies Record<Kind, keyof ModuleExports>;
const cache = new Map<string, string | null>();

/** libbpf's name of value `n` of that enum; null for a value libbpf does not know. */
export function enumName(kind: Kind, n: number): string | null {
  const key = `${kind}:${n}`;
  if (!cache.has(key)) {
    const inst = acquireInstance();
    try {
      // libbpf indexes an array with the value: only values it could hold get in.
      const name = Number.isInteger(n) && n >= 0 && n < 0x10000
        ? inst.invoke(FN[kind], (ex) => inst.readCString(ex[FN[kind]](n))) : null;
      cache.set(key, name);
    } finally {
      releaseInstance(inst);
    }
  }
  return cache.get(key) ?? null;
}

/** libbpf's name, or the number in brackets as bpftool shows an unknown one ("type 99"). */
export const enumLabel = (kind: Kind, n: number): string => enumName(kind, n) ?? `${kind === 'attach' ? 'attach_type' : 'type'} ${n}`;
