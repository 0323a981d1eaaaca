// Codecs: for one BTF type, a decode (bytes -> plain JS value) and an encode (JS value ->
// bytes, checking its shape) built once from the type and reused for every element.
// Structs and unions are generated source for their exact shape (codec-records.ts); the
// rest are small closures composed at build time (codec-scalars.ts, codec-arrays.ts), so
// a call never walks the BTF.
// Shape checks: every member of a struct is required; keys that are no member are ignored,
// except in unions (and structs holding anonymous unions), where they are refused.
//
// Values: integers up to 32 bits as number, 64- and 128-bit as bigint; bool as boolean;
// enums by name (numbers accepted; a value with no name decodes as a number); floats as
// number; pointers as bigint; structs as objects (anonymous struct/union members
// flattened, as C reads them); unions as objects with every member decoded from the same
// bytes (encode takes one or more members and writes them in declaration order);
// arrays as arrays. char arrays follow bpftool's rule: a string when the bytes before the
// first NUL are printable ASCII (0x20-0x7e) and a NUL is present; a Uint8Array of every
// byte otherwise. A string to encode must be printable ASCII and leave room for the NUL.
import type { Btf } from './btf.js';
import { resolveType, typeLabel } from './resolve.js';
import { intCodec, boolCodec, floatCodec, enumCodec, bitfieldCodec } from './codec-scalars.js';
import { arrayCodec } from './codec-arrays.js';
import { recordCodec } from './codec-records.js';

export interface Codec {
  /** Bytes of the C type. */
  readonly size: number;
  decode(dv: DataView, off: number): unknown;
  /** Writes `v` at `off`; bytes it does not cover (padding) keep what was there. */
  encode(dv: DataView, off: number, v: unknown): void;
}

export function buildCodec(btf: Btf, id: number): Codec {
  const t = resolveType(btf, id);
  switch (t.kind) {
    case 'INT':
      if (t.bitOffset !== 0 || t.bits !== t.size * 8) return bitfieldCodec(btf, id, t.bitOffset, t.bits, t.size);
      return t.bool ? boolCodec(t.size) : intCodec(t.size, t.signed);
    case 'ENUM': case 'ENUM64':
      return enumCodec(t);
    case 'FLOAT':
      if (t.size === 4 || t.size === 8) return floatCodec(t.size);
      break;
    case 'PTR':
      return intCodec(btf.sizeOf(t.id), false);
    case 'ARRAY':
      return arrayCodec(btf, t);
    case 'STRUCT': case 'UNION':
      return recordCodec(btf, t);
    default:
  }
  throw new TypeError(`BTF type ${id} (${typeLabel(t)}) has no value representation`);
}

