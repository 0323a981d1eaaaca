// The kernel's OBJ_GET_INFO_BY_FD structs, declared once: every field libbpf 1.1.2's
// vendored UAPI bpf.h defines, with its offset (a fixed ABI). tests/kernel-structs.test.mjs
// checks each offset and size against offsetof() from that header.
import type { ModuleInstance } from './module/instance.js';
import type { ModuleExports } from './module/exports.js';

type Kind = 'u32' | 'u64' | 'name' | 'bytes8';
/** [C field (as offsetof names it), offset, kind]. 'name': char[16], NUL-padded. */
type FieldSpec = readonly [c: string, offset: number, kind: Kind];

export interface StructLayout<F extends string> {
  readonly struct: string;
  readonly size: number;
  readonly fields: Readonly<Record<F, FieldSpec>>;
}

const layout = <F extends string>(struct: string, size: number, fields: Record<F, FieldSpec>): StructLayout<F> =>
  Object.freeze({ struct, size, fields: Object.freeze(fields) });

export const BPF_MAP_INFO = layout('bpf_map_info', 88, {
  type: ['type', 0, 'u32'],
  id: ['id', 4, 'u32'],
  keySize: ['key_size', 8, 'u32'],
  valueSize: ['value_size', 12, 'u32'],
  maxEntries: ['max_entries', 16, 'u32'],
  mapFlags: ['map_flags', 20, 'u32'],
  name: ['name', 24, 'name'],
  ifindex: ['ifindex', 40, 'u32'],
  btfVmlinuxValueTypeId: ['btf_vmlinux_value_type_id', 44, 'u32'],
  netnsDev: ['netns_dev', 48, 'u64'],
  netnsIno: ['netns_ino', 56, 'u64'],
  btfId: ['btf_id', 64, 'u32'],
  btfKeyTypeId: ['btf_key_type_id', 68, 'u32'],
  btfValueTypeId: ['btf_value_type_id', 72, 'u32'],
  mapExtra: ['map_extra', 80, 'u64'],
});

export const BPF_PROG_INFO = layout('bpf_prog_info', 232, {
  type: ['type', 0, 'u32'],
  id: ['id', 4, 'u32'],
  tag: ['tag', 8, 'bytes8'],
  jitedProgLen: ['jited_prog_len', 16, 'u32'],
  xlatedProgLen: ['xlated_prog_len', 20, 'u32'],
  jitedProgInsns: ['jited_prog_insns', 24, 'u64'],
  xlatedProgInsns: ['xlated_prog_insns', 32, 'u64'],
  loadTime: ['load_time', 40, 'u64'],
  createdByUid: ['created_by_uid', 48, 'u32'],
  nrMapIds: ['nr_map_ids', 52, 'u32'],
  mapIds: ['map_ids', 56, 'u64'],
  name: ['name', 64, 'name'],
  ifindex: ['ifindex', 80, 'u32'],
  // gpl_compatible: bit 0 of the u32 after ifindex (a bitfield: no offsetof).
  gplCompatible: ['ifindex', 84, 'u32'],
  netnsDev: ['netns_dev', 88, 'u64'],
  netnsIno: ['netns_ino', 96, 'u64'],
  nrJitedKsyms: ['nr_jited_ksyms', 104, 'u32'],
  nrJitedFuncLens: ['nr_jited_func_lens', 108, 'u32'],
  jitedKsyms: ['jited_ksyms', 112, 'u64'],
  jitedFuncLens: ['jited_func_lens', 120, 'u64'],
  btfId: ['btf_id', 128, 'u32'],
  funcInfoRecSize: ['func_info_rec_size', 132, 'u32'],
  funcInfo: ['func_info', 136, 'u64'],
  nrFuncInfo: ['nr_func_info', 144, 'u32'],
  nrLineInfo: ['nr_line_info', 148, 'u32'],
  lineInfo: ['line_info', 152, 'u64'],
  jitedLineInfo: ['jited_line_info', 160, 'u64'],
  nrJitedLineInfo: ['nr_jited_line_info', 168, 'u32'],
  lineInfoRecSize: ['line_info_rec_size', 172, 'u32'],
  jitedLineInfoRecSize: ['jited_line_info_rec_size', 176, 'u32'],
  nrProgTags: ['nr_prog_tags', 180, 'u32'],
  progTags: ['prog_tags', 184, 'u64'],
  runTimeNs: ['run_time_ns', 192, 'u64'],
  runCnt: ['run_cnt', 200, 'u64'],
  recursionMisses: ['recursion_misses', 208, 'u64'],
  verifiedInsns: ['verified_insns', 216, 'u32'],
  attachBtfObjId: ['attach_btf_obj_id', 220, 'u32'],
  attachBtfId: ['attach_btf_id', 224, 'u32'],
});

export const BPF_BTF_INFO = layout('bpf_btf_info', 32, {
  btf: ['btf', 0, 'u64'],
  btfSize: ['btf_size', 8, 'u32'],
  id: ['id', 12, 'u32'],
  name: ['name', 16, 'u64'],
  nameLen: ['name_len', 24, 'u32'],
  kernelBtf: ['kernel_btf', 28, 'u32'],
});

/** struct bpf_link_info: the common head, then one union member per link type. */
export const BPF_LINK_INFO = layout('bpf_link_info', 48, {
  type: ['type', 0, 'u32'],
  id: ['id', 4, 'u32'],
  progId: ['prog_id', 8, 'u32'],
  tpName: ['raw_tracepoint.tp_name', 16, 'u64'],
  tpNameLen: ['raw_tracepoint.tp_name_len', 24, 'u32'],
  tracingAttachType: ['tracing.attach_type', 16, 'u32'],
  tracingTargetObjId: ['tracing.target_obj_id', 20, 'u32'],
  tracingTargetBtfId: ['tracing.target_btf_id', 24, 'u32'],
  cgroupId: ['cgroup.cgroup_id', 16, 'u64'],
  cgroupAttachType: ['cgroup.attach_type', 24, 'u32'],
  iterTargetName: ['iter.target_name', 16, 'u64'],
  iterTargetNameLen: ['iter.target_name_len', 24, 'u32'],
  iterMapId: ['iter.map.map_id', 28, 'u32'],
  netnsIno: ['netns.netns_ino', 16, 'u32'],
  netnsAttachType: ['netns.attach_type', 20, 'u32'],
  xdpIfindex: ['xdp.ifindex', 16, 'u32'],
});

export const ALL_INFO_LAYOUTS = [BPF_MAP_INFO, BPF_PROG_INFO, BPF_BTF_INFO, BPF_LINK_INFO] as const;

type Decoded<L> = L extends StructLayout<infer F> ? Record<F, number | bigint | string | Uint8Array> : never;

const NAME_LEN = 16;
const textDecoder = new TextDecoder();

/** A NUL-terminated (or full) char array as a string. */
export function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return textDecoder.decode(bytes.subarray(0, end < 0 ? bytes.length : end));
}

/** Writes a u32 or u64 field (inside invoke, at `base` in module memory). */
export function setField(inst: ModuleInstance, base: number, spec: FieldSpec, v: number): void {
  if (spec[2] === 'u64') inst.view.setBigUint64(base + spec[1], BigInt(v), true);
  else inst.view.setUint32(base + spec[1], v, true);
}

export function getU32(inst: ModuleInstance, base: number, spec: FieldSpec): number {
  return inst.view.getUint32(base + spec[1], true);
}

/** Every field of `l` read from module memory at `base`. */
export function decode<L extends StructLayout<string>>(inst: ModuleInstance, l: L, base: number): Decoded<L> {
  const v = inst.view;
  const out: Record<string, number | bigint | string | Uint8Array> = {};
  for (const [js, [, off, kind]] of Object.entries(l.fields) as [string, FieldSpec][]) {
    const p = base + off;
    if (kind === 'u32') out[js] = v.getUint32(p, true);
    else if (kind === 'u64') out[js] = v.getBigUint64(p, true);
    else if (kind === 'name') out[js] = cString(inst.u8.subarray(p, p + NAME_LEN));
    else out[js] = inst.u8.slice(p, p + 8);
  }
  return out as Decoded<L>;
}

/**
 * bpf_obj_get_info_by_fd inside invoke(): zeroes the struct at `buf`, lets `prepare` set
 * input fields (buffer pointers and their lengths), and makes the call. Returns 0 or
 * -errno; the struct stays at `buf` for decode().
 */
export function getInfo(inst: ModuleInstance, ex: ModuleExports, fd: number, l: StructLayout<string>, buf: number,
  prepare?: (base: number) => void): number {
  const lenPtr = buf + l.size;
  inst.u8.fill(0, buf, buf + l.size);
  prepare?.(buf);
  inst.view.setUint32(lenPtr, l.size, true);
  return ex.bpf_obj_get_info_by_fd(fd, buf, lenPtr);
}
