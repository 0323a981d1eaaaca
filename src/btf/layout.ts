// The BTF records libbpf hands out (linux/btf.h, fixed ABI: only __u32/__s32 fields, so
// wasm32 and native agree), declared once: byte offsets of each field. A struct btf_type
// is followed by kind-specific data (one record, or vlen of them).
export const BTF_TYPE = { size: 12, nameOff: 0, info: 4, sizeOrType: 8 } as const;
/** After an INT: one __u32 (bits 0-7 nr_bits, 16-23 offset, 24-27 encoding). */
export const btfIntBits = (v: number): number => v & 0xff;
export const btfIntOffset = (v: number): number => (v >>> 16) & 0xff;
export const btfIntEncoding = (v: number): number => (v >>> 24) & 0x0f;
export const BTF_ARRAY = { size: 12, type: 0, indexType: 4, nelems: 8 } as const;
/** offset: the bit offset, or (kind_flag set) bitfield_size << 24 | bit offset. */
export const BTF_MEMBER = { size: 12, nameOff: 0, type: 4, offset: 8 } as const;
export const BTF_ENUM = { size: 8, nameOff: 0, val: 4 } as const;
export const BTF_ENUM64 = { size: 12, nameOff: 0, valLo32: 4, valHi32: 8 } as const;
export const BTF_PARAM = { size: 8, nameOff: 0, type: 4 } as const;
export const BTF_VAR = { size: 4, linkage: 0 } as const;
export const BTF_VAR_SECINFO = { size: 12, type: 0, offset: 4, size_: 8 } as const;
export const BTF_DECL_TAG = { size: 4, componentIdx: 0 } as const;

export const BTF_INT_SIGNED = 1;
export const BTF_INT_CHAR = 2;
export const BTF_INT_BOOL = 4;

/** enum btf_func_linkage / BTF_VAR_* linkage values. */
export const BTF_VAR_STATIC = 0;

/** BTF_KIND_* by number, with bpftool's names (bpftool btf dump -j "kind"). */
export const BTF_KINDS = [
  'UNKN', 'INT', 'PTR', 'ARRAY', 'STRUCT', 'UNION', 'ENUM', 'FWD', 'TYPEDEF', 'VOLATILE', 'CONST',
  'RESTRICT', 'FUNC', 'FUNC_PROTO', 'VAR', 'DATASEC', 'FLOAT', 'DECL_TAG', 'TYPE_TAG', 'ENUM64',
] as const;

/** A BTF kind name, as the kernel's BTF_KIND_* without the prefix. */
export type BtfKind = (typeof BTF_KINDS)[number];

export const btfKind = (info: number): number => (info >>> 24) & 0x1f;
export const btfVlen = (info: number): number => info & 0xffff;
export const btfKflag = (info: number): boolean => (info >>> 31) === 1;
