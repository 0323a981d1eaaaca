// The kernel's id lists (BPF_*_GET_NEXT_ID), each id openable with the matching handle's
// fromId (MapHandle, ProgramHandle, BtfHandle, LinkHandle).
import { idsOf } from './open.js';

/** Every map id the kernel lists now (bpf_map_get_next_id), ascending. */
export const mapIds = (): number[] => idsOf('bpf_map_get_next_id');
/** Every program id the kernel lists now (bpf_prog_get_next_id), ascending. */
export const programIds = (): number[] => idsOf('bpf_prog_get_next_id');
/** Every BTF id the kernel lists now (bpf_btf_get_next_id), ascending. */
export const btfIds = (): number[] => idsOf('bpf_btf_get_next_id');
/** Every link id the kernel lists now (bpf_link_get_next_id), ascending. */
export const linkIds = (): number[] => idsOf('bpf_link_get_next_id');
