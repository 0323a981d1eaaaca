// Kernel structs the facade reads, declared once. Offsets are those of the UAPI bpf.h
// (fixed ABI); tests/constants.test.mjs checks them against offsetof() from the header.
import type { ModuleInstance } from './module/instance.js';
import type { ModuleExports } from './module/exports.js';

export interface MapInfo {
  id: number;
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  mapFlags: number;
  name: string;
}

/** struct bpf_map_info: the fields MapInfo reports, and the struct's size. */
export const BPF_MAP_INFO = {
  size: 88,
  type: 0,
  id: 4,
  key_size: 8,
  value_size: 12,
  max_entries: 16,
  map_flags: 20,
  name: 24,
  nameLength: 16,
} as const;

/** bpf_obj_get_info_by_fd on a map fd, inside invoke(): the info, or -errno. */
export function readMapInfo(inst: ModuleInstance, ex: ModuleExports, fd: number): MapInfo | number {
  const L = BPF_MAP_INFO;
  const buf = inst.scratch(L.size + 4);
  const lenPtr = buf + L.size;
  inst.u8.fill(0, buf, buf + L.size);
  inst.view.setUint32(lenPtr, L.size, true);
  const r = ex.bpf_obj_get_info_by_fd(fd, buf, lenPtr);
  if (r < 0) return r;
  const v = inst.view;
  const nameBytes = inst.u8.subarray(buf + L.name, buf + L.name + L.nameLength);
  const end = nameBytes.indexOf(0);
  return {
    id: v.getUint32(buf + L.id, true),
    type: v.getUint32(buf + L.type, true),
    keySize: v.getUint32(buf + L.key_size, true),
    valueSize: v.getUint32(buf + L.value_size, true),
    maxEntries: v.getUint32(buf + L.max_entries, true),
    mapFlags: v.getUint32(buf + L.map_flags, true),
    name: new TextDecoder().decode(nameBytes.subarray(0, end < 0 ? L.nameLength : end)),
  };
}
