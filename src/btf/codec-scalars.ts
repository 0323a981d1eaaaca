// Codecs of scalars: integers of every width, bool, floats, enums, bitfields, raw bytes.
import type { Btf } from './btf.js';
import type { BtfTypeOf } from './types.js';
import type { Codec } from './codec.js';
import { fail, got } from './codec-errors.js';
import { resolveType, typeLabel } from './resolve.js';

/** A type without BTF: its raw bytes (a Uint8Array of exactly `size` bytes). */
export function bytesCodec(size: number): Codec {
  return {
    size,
    decode: (dv, off) => new Uint8Array(dv.buffer.slice(dv.byteOffset + off, dv.byteOffset + off + size)),
    encode: (dv, off, v) => {
      if (!(v instanceof Uint8Array)) fail(TypeError, `expected a Uint8Array of ${size} bytes, got ${got(v)}`);
      if (v.length !== size) fail(RangeError, `expected ${size} bytes, got ${v.length}`);
      new Uint8Array(dv.buffer, dv.byteOffset + off, size).set(v);
    },
  };
}

/** No bytes at all: the key of a queue or stack map. */
export const voidCodec: Codec = {
  size: 0,
  decode: () => undefined,
  encode: (_dv, _off, v) => {
    if (v !== undefined && v !== null) fail(TypeError, `this map has no key: expected undefined, got ${got(v)}`);
  },
};

export function intRange(size: number, signed: boolean): [bigint, bigint] {
  const bits = BigInt(size * 8);
  return signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
}

export function checkNumber(v: unknown, min: number, max: number): number {
  if (typeof v !== 'number') fail(TypeError, `expected a number, got ${got(v)}`);
  if (!Number.isInteger(v) || v < min || v > max) fail(RangeError, `expected an integer from ${min} to ${max}, got ${v}`);
  return v;
}

export function checkBigint(v: unknown, min: bigint, max: bigint): bigint {
  if (typeof v !== 'bigint') fail(TypeError, `expected bigint, got ${got(v)}`);
  if (v < min || v > max) fail(RangeError, `expected a bigint from ${min} to ${max}, got ${v}n`);
  return v;
}

export function intCodec(size: number, signed: boolean): Codec {
  const [lo, hi] = intRange(size, signed);
  const min = Number(lo);
  const max = Number(hi);
  switch (size) {
    case 1: return signed
      ? { size, decode: (dv, o) => dv.getInt8(o), encode: (dv, o, v) => dv.setInt8(o, checkNumber(v, min, max)) }
      : { size, decode: (dv, o) => dv.getUint8(o), encode: (dv, o, v) => dv.setUint8(o, checkNumber(v, min, max)) };
    case 2: return signed
      ? { size, decode: (dv, o) => dv.getInt16(o, true), encode: (dv, o, v) => dv.setInt16(o, checkNumber(v, min, max), true) }
      : { size, decode: (dv, o) => dv.getUint16(o, true), encode: (dv, o, v) => dv.setUint16(o, checkNumber(v, min, max), true) };
    case 4: return signed
      ? { size, decode: (dv, o) => dv.getInt32(o, true), encode: (dv, o, v) => dv.setInt32(o, checkNumber(v, min, max), true) }
      : { size, decode: (dv, o) => dv.getUint32(o, true), encode: (dv, o, v) => dv.setUint32(o, checkNumber(v, min, max), true) };
    case 8: return signed
      ? { size, decode: (dv, o) => dv.getBigInt64(o, true), encode: (dv, o, v) => dv.setBigInt64(o, checkBigint(v, lo, hi), true) }
      : { size, decode: (dv, o) => dv.getBigUint64(o, true), encode: (dv, o, v) => dv.setBigUint64(o, checkBigint(v, lo, hi), true) };
    case 16: return {
      size,
      decode: (dv, o) => {
        const raw = (dv.getBigUint64(o + 8, true) << 64n) | dv.getBigUint64(o, true);
        return signed ? BigInt.asIntN(128, raw) : raw;
      },
      encode: (dv, o, v) => {
        const raw = BigInt.asUintN(128, checkBigint(v, lo, hi));
        dv.setBigUint64(o, raw & 0xffffffffffffffffn, true);
        dv.setBigUint64(o + 8, raw >> 64n, true);
      },
    };
    default:
      throw new TypeError(`BTF int of ${size} bytes has no value representation`);
  }
}

export function boolCodec(size: number): Codec {
  if (size !== 1) throw new TypeError(`BTF bool of ${size} bytes has no value representation`);
  return {
    size,
    decode: (dv, o) => dv.getUint8(o) !== 0,
    encode: (dv, o, v) => {
      if (typeof v !== 'boolean') fail(TypeError, `expected a boolean, got ${got(v)}`);
      dv.setUint8(o, v ? 1 : 0);
    },
  };
}

export function floatCodec(size: 4 | 8): Codec {
  const check = (v: unknown): number => (typeof v === 'number' ? v : fail(TypeError, `expected a number, got ${got(v)}`));
  return size === 4
    ? { size, decode: (dv, o) => dv.getFloat32(o, true), encode: (dv, o, v) => dv.setFloat32(o, check(v), true) }
    : { size, decode: (dv, o) => dv.getFloat64(o, true), encode: (dv, o, v) => dv.setFloat64(o, check(v), true) };
}

/** Integer <-> JS for integers read bit by bit (enums and bitfields go through this). */
interface Scalar {
  /** The JS value of an integer (a number for up to 32 bits, else bigint). */
  toJs(raw: number | bigint): unknown;
  /** The integer of a JS value, checked (number or bigint, as toJs gives). */
  fromJs(v: unknown): number | bigint;
}

/** An enum's names and values over `bits` bits (fewer than its size in a bitfield). */
function enumScalar(t: BtfTypeOf<'ENUM' | 'ENUM64'>, size: number, bits = size * 8): Scalar {
  const big = size > 4;
  const byValue = new Map<number | bigint, string>();
  const byName = new Map<string, number | bigint>();
  for (const { name, value } of t.values) {
    const v = big ? BigInt(value) : Number(value);
    if (!byValue.has(v)) byValue.set(v, name);
    byName.set(name, v);
  }
  const int = intScalar(size, t.signed, bits);
  const names = [...byName.keys()];
  return {
    toJs: (raw) => byValue.get(raw) ?? raw,
    fromJs: (v) => {
      if (typeof v === 'string') {
        const n = byName.get(v);
        if (n === undefined) {
          fail(RangeError, `${JSON.stringify(v)} is not a value of ${typeLabel(t)} (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''})`);
        }
        if (bits < size * 8) { // a bitfield: the name's value must fit, as a number would
          try {
            return int.fromJs(n);
          } catch {
            fail(RangeError, `${v} (${n}) does not fit in ${bits} bits`);
          }
        }
        return n;
      }
      if (typeof v !== (big ? 'bigint' : 'number')) {
        fail(TypeError, `expected a name of ${typeLabel(t)} or a ${big ? 'bigint' : 'number'}, got ${got(v)}`);
      }
      return int.fromJs(v);
    },
  };
}

function intScalar(size: number, signed: boolean, bits = size * 8): Scalar {
  const big = size > 4;
  const lo = signed ? -(2n ** BigInt(bits - 1)) : 0n;
  const hi = (signed ? 2n ** BigInt(bits - 1) : 2n ** BigInt(bits)) - 1n;
  return big
    ? { toJs: (raw) => BigInt(raw), fromJs: (v) => checkBigint(v, lo, hi) }
    : { toJs: (raw) => Number(raw), fromJs: (v) => checkNumber(v, Number(lo), Number(hi)) };
}

export function enumCodec(t: BtfTypeOf<'ENUM' | 'ENUM64'>): Codec {
  const scalar = enumScalar(t, t.size);
  const int = intCodec(t.size, t.signed);
  return {
    size: t.size,
    decode: (dv, o) => scalar.toJs(int.decode(dv, o) as number | bigint),
    encode: (dv, o, v) => int.encode(dv, o, scalar.fromJs(v)),
  };
}

/** The scalar a bitfield of type `id` holds: int, bool, or enum. */
function bitfieldScalar(btf: Btf, id: number, bits: number): { scalar: Scalar; signed: boolean } {
  const t = resolveType(btf, id);
  if (t.kind === 'ENUM' || t.kind === 'ENUM64') return { scalar: enumScalar(t, t.size, bits), signed: t.signed };
  if (t.kind === 'INT' && t.bool) {
    return {
      scalar: {
        toJs: (raw) => raw !== 0 && raw !== 0n,
        fromJs: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : fail(TypeError, `expected a boolean, got ${got(v)}`)),
      },
      signed: false,
    };
  }
  if (t.kind === 'INT') return { scalar: intScalar(t.size, t.signed, bits), signed: t.signed };
  throw new TypeError(`BTF bitfield of ${typeLabel(t)} has no value representation`);
}

/**
 * A bitfield `bits` wide at bit `bitOffset` (little-endian, as BPF on x86 lays them out).
 * Read and written through the bytes it spans: as a number when they fit in 48 bits,
 * as a bigint otherwise. Writing clears its bits first and leaves its neighbours alone.
 */
export function bitfieldCodec(btf: Btf, id: number, bitOffset: number, bits: number, containerSize: number): Codec {
  const { scalar, signed } = bitfieldScalar(btf, id, bits);
  const first = Math.floor(bitOffset / 8);
  const shift = bitOffset % 8;
  const nbytes = Math.ceil((shift + bits) / 8);
  const size = Math.max(containerSize, first + nbytes);
  if (nbytes <= 6) {
    const scale = 2 ** shift;
    const span = 2 ** bits;
    const read = (dv: DataView, o: number): number => {
      let all = 0;
      for (let i = nbytes - 1; i >= 0; i--) all = all * 256 + dv.getUint8(o + first + i);
      return all;
    };
    return {
      size,
      decode: (dv, o) => {
        let raw = Math.floor(read(dv, o) / scale) % span;
        if (signed && raw >= span / 2) raw -= span;
        return scalar.toJs(raw);
      },
      encode: (dv, o, v) => {
        const n = Number(scalar.fromJs(v));
        const all = read(dv, o);
        let out = all - (Math.floor(all / scale) % span) * scale + (n < 0 ? n + span : n) * scale;
        for (let i = 0; i < nbytes; i++) {
          dv.setUint8(o + first + i, out % 256);
          out = Math.floor(out / 256);
        }
      },
    };
  }
  const mask = (1n << BigInt(bits)) - 1n;
  const bshift = BigInt(shift);
  const read = (dv: DataView, o: number): bigint => {
    let all = 0n;
    for (let i = nbytes - 1; i >= 0; i--) all = (all << 8n) | BigInt(dv.getUint8(o + first + i));
    return all;
  };
  return {
    size,
    decode: (dv, o) => {
      const raw = (read(dv, o) >> bshift) & mask;
      return scalar.toJs(signed ? BigInt.asIntN(bits, raw) : raw);
    },
    encode: (dv, o, v) => {
      const n = BigInt(scalar.fromJs(v)) & mask;
      let out = (read(dv, o) & ~(mask << bshift)) | (n << bshift);
      for (let i = 0; i < nbytes; i++) {
        dv.setUint8(o + first + i, Number(out & 0xffn));
        out >>= 8n;
      }
    },
  };
}
