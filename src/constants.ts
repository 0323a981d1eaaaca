// Constants a libbpf user knows by their C names, camel-cased.
export { MapType, ProgType, AttachType } from './bpf-enums.js';

/** Map update flags (BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_F_LOCK). */
export const UpdateFlags = Object.freeze({ ANY: 0, NOEXIST: 1, EXIST: 2, F_LOCK: 4 } as const);

/** The `pinning` attribute of a BTF map definition (LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME). */
export const PinType = Object.freeze({ NONE: 0, BY_NAME: 1 } as const);
