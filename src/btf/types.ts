// A plain description of each BTF type: what libbpf's struct btf_type and the record
// after it say, with names resolved. Kinds carry bpftool's names (bpftool btf dump -j).
import type { BtfKind } from './layout.js';

/** A struct or union member (struct btf_member, with the bitfield size decoded). */
export interface BtfMember {
  name: string;
  type: number;
  /** Offset from the start of the struct, in bits. */
  bitOffset: number;
  /** Width of a bitfield in bits; 0 for an ordinary member. */
  bitfieldSize: number;
}

/** An enumerator of an ENUM or ENUM64 type. */
export interface BtfEnumValue { name: string; value: number | bigint }
/** A parameter of a FUNC_PROTO type. */
export interface BtfParam { name: string; type: number }
/** A variable of a DATASEC type: its VAR type id, offset and size in the section. */
export interface BtfVarSecinfo { type: number; offset: number; size: number }

interface Base<K extends BtfKind> { id: number; kind: K; name: string }

/** A BTF type, decoded: `kind` says which fields it has (see BtfTypeOf). */
export type BtfType =
  | Base<'UNKN'> /* id 0: void */
  | (Base<'INT'> & { size: number; bits: number; bitOffset: number; signed: boolean; char: boolean; bool: boolean })
  | (Base<'PTR' | 'TYPEDEF' | 'VOLATILE' | 'CONST' | 'RESTRICT' | 'TYPE_TAG'> & { type: number })
  | (Base<'ARRAY'> & { type: number; indexType: number; nelems: number })
  | (Base<'STRUCT' | 'UNION'> & { size: number; members: BtfMember[] })
  | (Base<'ENUM' | 'ENUM64'> & { size: number; signed: boolean; values: BtfEnumValue[] })
  | (Base<'FWD'> & { union: boolean })
  | (Base<'FUNC'> & { type: number; linkage: number })
  | (Base<'FUNC_PROTO'> & { type: number; params: BtfParam[] })
  | (Base<'VAR'> & { type: number; linkage: number })
  | (Base<'DATASEC'> & { size: number; vars: BtfVarSecinfo[] })
  | (Base<'FLOAT'> & { size: number })
  | (Base<'DECL_TAG'> & { type: number; componentIdx: number });

/** The BtfType of one kind ('STRUCT', 'INT', ...). */
export type BtfTypeOf<K extends BtfKind> = Extract<BtfType, { kind: K }>;
