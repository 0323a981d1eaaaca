// Reads one type out of libbpf's struct btf (btf__type_by_id, btf__name_by_offset) into
// its plain description. Runs inside invoke(): it only reads module memory.
import type { ModuleInstance } from '../module/instance.js';
import type { ModuleExports } from '../module/exports.js';
import {
  BTF_TYPE, BTF_ARRAY, BTF_MEMBER, BTF_ENUM, BTF_ENUM64, BTF_PARAM, BTF_VAR, BTF_VAR_SECINFO,
  BTF_DECL_TAG, BTF_INT_SIGNED, BTF_INT_CHAR, BTF_INT_BOOL, BTF_KINDS, btfKind, btfVlen, btfKflag,
  btfIntBits, btfIntOffset, btfIntEncoding,
} from './layout.js';
import type { BtfType } from './types.js';

export function describeType(inst: ModuleInstance, ex: ModuleExports, btf: number, id: number): BtfType {
  if (id === 0) return { id, kind: 'UNKN', name: '' };
  const t = ex.btf__type_by_id(btf, id);
  const v = inst.view;
  const u32 = (p: number) => v.getUint32(p, true);
  const name = (off: number) => inst.readCString(ex.btf__name_by_offset(btf, off)) ?? '';
  const info = u32(t + BTF_TYPE.info);
  const kind = BTF_KINDS[btfKind(info)] ?? 'UNKN';
  const vlen = btfVlen(info);
  const kflag = btfKflag(info);
  const sizeOrType = u32(t + BTF_TYPE.sizeOrType);
  const base = { id, name: name(u32(t + BTF_TYPE.nameOff)) };
  const rec = t + BTF_TYPE.size; // the kind-specific data
  const each = <T>(stride: number, read: (p: number) => T): T[] =>
    Array.from({ length: vlen }, (_, i) => read(rec + i * stride));
  switch (kind) {
    case 'INT': {
      const enc = u32(rec);
      const encoding = btfIntEncoding(enc);
      return {
        ...base, kind, size: sizeOrType, bits: btfIntBits(enc), bitOffset: btfIntOffset(enc),
        signed: (encoding & BTF_INT_SIGNED) !== 0, char: (encoding & BTF_INT_CHAR) !== 0,
        bool: (encoding & BTF_INT_BOOL) !== 0,
      };
    }
    case 'PTR': case 'TYPEDEF': case 'VOLATILE': case 'CONST': case 'RESTRICT': case 'TYPE_TAG':
      return { ...base, kind, type: sizeOrType };
    case 'ARRAY':
      return {
        ...base, kind, type: u32(rec + BTF_ARRAY.type), indexType: u32(rec + BTF_ARRAY.indexType),
        nelems: u32(rec + BTF_ARRAY.nelems),
      };
    case 'STRUCT': case 'UNION':
      return {
        ...base, kind, size: sizeOrType,
        members: each(BTF_MEMBER.size, (p) => {
          const off = u32(p + BTF_MEMBER.offset);
          return {
            name: name(u32(p + BTF_MEMBER.nameOff)), type: u32(p + BTF_MEMBER.type),
            bitOffset: kflag ? off & 0xffffff : off, bitfieldSize: kflag ? off >>> 24 : 0,
          };
        }),
      };
    case 'ENUM':
      return {
        ...base, kind, size: sizeOrType, signed: kflag,
        values: each(BTF_ENUM.size, (p) => ({
          name: name(u32(p + BTF_ENUM.nameOff)),
          value: kflag ? v.getInt32(p + BTF_ENUM.val, true) : u32(p + BTF_ENUM.val),
        })),
      };
    case 'ENUM64':
      return {
        ...base, kind, size: sizeOrType, signed: kflag,
        values: each(BTF_ENUM64.size, (p) => {
          const raw = (BigInt(u32(p + BTF_ENUM64.valHi32)) << 32n) | BigInt(u32(p + BTF_ENUM64.valLo32));
          return { name: name(u32(p + BTF_ENUM64.nameOff)), value: kflag ? BigInt.asIntN(64, raw) : raw };
        }),
      };
    case 'FWD':
      return { ...base, kind, union: kflag };
    case 'FUNC':
      return { ...base, kind, type: sizeOrType, linkage: vlen };
    case 'FUNC_PROTO':
      return {
        ...base, kind, type: sizeOrType,
        params: each(BTF_PARAM.size, (p) => ({ name: name(u32(p + BTF_PARAM.nameOff)), type: u32(p + BTF_PARAM.type) })),
      };
    case 'VAR':
      return { ...base, kind, type: sizeOrType, linkage: u32(rec + BTF_VAR.linkage) };
    case 'DATASEC':
      return {
        ...base, kind, size: sizeOrType,
        vars: each(BTF_VAR_SECINFO.size, (p) => ({
          type: u32(p + BTF_VAR_SECINFO.type), offset: u32(p + BTF_VAR_SECINFO.offset),
          size: u32(p + BTF_VAR_SECINFO.size_),
        })),
      };
    case 'FLOAT':
      return { ...base, kind, size: sizeOrType };
    case 'DECL_TAG':
      return { ...base, kind, type: sizeOrType, componentIdx: v.getInt32(rec + BTF_DECL_TAG.componentIdx, true) };
    default:
      return { ...base, kind: 'UNKN' };
  }
}
