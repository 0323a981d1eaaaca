// A map's key or value decoded through BTF the way bpftool prints it in `map dump -j`'s
// "formatted" part: integers as numbers (64-bit exact), bools, enum names where a value
// matches, char arrays holding text as strings, bitfields as unsigned hex strings,
// anonymous members under "". (bpftool 7.1 cannot print floats; numbers here.)
import type { Btf } from '../btf/btf.js';
import type { BtfType } from '../btf/types.js';

const MODIFIERS = new Set(['TYPEDEF', 'CONST', 'VOLATILE', 'RESTRICT', 'TYPE_TAG']);

function resolve(btf: Btf, id: number): BtfType {
  let t = btf.typeById(id);
  for (let i = 0; i < 64 && MODIFIERS.has(t.kind); i++) t = btf.typeById((t as { type: number }).type);
  return t;
}

function littleEndian(bytes: Uint8Array, at: number, n: number): bigint {
  let v = 0n;
  for (let i = Math.min(n, bytes.length - at) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]);
  return v;
}

/** `nbits` bits from bit `bitOffset`, unsigned, as bpftool's "0x..." string. */
export function bitfieldHex(bytes: Uint8Array, bitOffset: number, nbits: number): string {
  const start = Math.floor(bitOffset / 8);
  const raw = littleEndian(bytes, start, Math.ceil((bitOffset % 8 + nbits) / 8));
  return `0x${((raw >> BigInt(bitOffset % 8)) & ((1n << BigInt(nbits)) - 1n)).toString(16)}`;
}

/** bpftool's rule for char arrays: text when printable up to a NUL inside the array. */
function textOf(btf: Btf, elemId: number, bytes: Uint8Array): string | undefined {
  let e = btf.typeById(elemId);
  while (e.kind === 'CONST' || e.kind === 'VOLATILE' || e.kind === 'RESTRICT' || e.kind === 'TYPE_TAG') e = btf.typeById(e.type);
  if (e.kind !== 'INT' || e.size !== 1 || (!e.char && e.name !== 'char')) return undefined;
  const end = bytes.indexOf(0);
  if (end < 0 || bytes.subarray(0, end).some((b) => b <= 0x1f || b >= 0x7f)) return undefined;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

export function formatValue(btf: Btf, id: number, bytes: Uint8Array): unknown {
  const t = resolve(btf, id);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (t.kind) {
    case 'INT': {
      if (t.bitOffset !== 0 || t.bits !== t.size * 8) return bitfieldHex(bytes, t.bitOffset, t.bits);
      if (t.bool) return bytes[0] !== 0;
      if (t.size === 16) return `0x${littleEndian(bytes, 0, 16).toString(16)}`;
      const v = littleEndian(bytes, 0, t.size);
      const n = t.signed ? BigInt.asIntN(t.size * 8, v) : v;
      return t.size === 8 ? n : Number(n);
    }
    case 'PTR': return littleEndian(bytes, 0, 8);
    case 'ENUM': case 'ENUM64': {
      const bits = t.size * 8;
      const raw = littleEndian(bytes, 0, t.size);
      const match = t.values.find((e) => BigInt.asUintN(bits, BigInt(e.value)) === raw);
      if (match) return match.name;
      const n = BigInt.asIntN(bits, raw);
      return t.size === 8 ? n : Number(n);
    }
    case 'FLOAT': return t.size === 4 ? dv.getFloat32(0, true) : t.size === 8 ? dv.getFloat64(0, true) : null;
    case 'ARRAY': {
      const text = t.nelems > 0 ? textOf(btf, t.type, bytes.subarray(0, t.nelems)) : undefined;
      if (text !== undefined) return text;
      const size = btf.sizeOf(t.type);
      return Array.from({ length: t.nelems }, (_, i) => formatValue(btf, t.type, bytes.subarray(i * size, (i + 1) * size)));
    }
    case 'STRUCT': case 'UNION': {
      const out: Record<string, unknown> = {};
      for (const m of t.members) {
        out[m.name] = m.bitfieldSize
          ? bitfieldHex(bytes, m.bitOffset, m.bitfieldSize)
          : formatValue(btf, m.type, bytes.subarray(m.bitOffset >> 3));
      }
      return out;
    }
    case 'VAR': return formatValue(btf, t.type, bytes);
    case 'DATASEC': // bpftool: { ".rodata": [{ "var": value }, ...] }
      return { [t.name]: t.vars.map((v) => ({ [btf.typeById(v.type).name]: formatValue(btf, v.type, bytes.subarray(v.offset, v.offset + v.size)) })) };
    default: return null;
  }
}
