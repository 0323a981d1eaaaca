// Codecs: for one BTF type, a decode (bytes -> plain JS value) and an encode (JS value ->
// bytes, checking its shape) built once from the type and reused for every element.
// Structs decode through a function generated for their exact shape (one object literal);
// the rest are small closures composed at build time, so a call never walks the BTF.
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
import type { BtfType, BtfTypeOf } from './types.js';

export interface Codec {
  /** Bytes of the C type. */
  readonly size: number;
  decode(dv: DataView, off: number): unknown;
  /** Writes `v` at `off`; bytes it does not cover (padding) keep what was there. */
  encode(dv: DataView, off: number, v: unknown): void;
}

// ---- Errors naming the field path ---------------------------------------------------
const PATH = Symbol('libbpf-wasm codec path');
type PathError = (TypeError | RangeError) & { [PATH]?: string };

function fail(Ctor: typeof TypeError | typeof RangeError, message: string): never {
  const e: PathError = new Ctor(message);
  e[PATH] = '';
  throw e;
}

/** Prepends a path segment to a codec error passing through a struct or array. */
function within(e: unknown, segment: string): unknown {
  if (e instanceof Error && PATH in e) (e as PathError)[PATH] = segment + (e as PathError)[PATH];
  return e;
}

/** Turns a codec error into its final message: "op: value.stats[3].bytes: expected bigint". */
export function withPath(e: unknown, op: string, root: string): unknown {
  if (e instanceof Error && PATH in e) {
    e.message = `${op}: ${root}${(e as PathError)[PATH]}: ${e.message}`;
    delete (e as PathError)[PATH];
  }
  return e;
}

const got = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)
    : typeof v === 'bigint' ? `${v}n` : typeof v === 'object' ? (v === null ? 'null' : Array.isArray(v) ? 'an array' : 'an object')
      : String(v);

// ---- Building -------------------------------------------------------------------------
const MODIFIERS = new Set(['TYPEDEF', 'VOLATILE', 'CONST', 'RESTRICT', 'TYPE_TAG']);

/** The type behind typedefs and qualifiers. */
export function resolveType(btf: Btf, id: number): BtfType {
  let t = btf.typeById(id);
  for (let hops = 0; MODIFIERS.has(t.kind); hops++) {
    if (hops > 64) throw new TypeError(`BTF type ${id}: typedef/modifier chain too long`);
    t = btf.typeById((t as { type: number }).type);
  }
  return t;
}

export function typeLabel(t: BtfType): string {
  return t.name ? `${t.kind.toLowerCase()} ${t.name}` : `${t.kind.toLowerCase()} (type ${t.id})`;
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

// ---- Scalars ------------------------------------------------------------------------
function intRange(size: number, signed: boolean): [bigint, bigint] {
  const bits = BigInt(size * 8);
  return signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
}

function checkNumber(v: unknown, min: number, max: number): number {
  if (typeof v !== 'number') fail(TypeError, `expected a number, got ${got(v)}`);
  if (!Number.isInteger(v) || v < min || v > max) fail(RangeError, `expected an integer from ${min} to ${max}, got ${v}`);
  return v;
}

function checkBigint(v: unknown, min: bigint, max: bigint): bigint {
  if (typeof v !== 'bigint') fail(TypeError, `expected bigint, got ${got(v)}`);
  if (v < min || v > max) fail(RangeError, `expected a bigint from ${min} to ${max}, got ${v}n`);
  return v;
}

function intCodec(size: number, signed: boolean): Codec {
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

function boolCodec(size: number): Codec {
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

function floatCodec(size: 4 | 8): Codec {
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

function enumCodec(t: BtfTypeOf<'ENUM' | 'ENUM64'>): Codec {
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
function bitfieldCodec(btf: Btf, id: number, bitOffset: number, bits: number, containerSize: number): Codec {
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

// ---- Arrays ---------------------------------------------------------------------------
function isCharElement(btf: Btf, id: number): boolean {
  // bpftool's is_str_array: qualifiers are skipped, typedefs are not.
  let t = btf.typeById(id);
  while (t.kind === 'CONST' || t.kind === 'VOLATILE' || t.kind === 'RESTRICT' || t.kind === 'TYPE_TAG') t = btf.typeById(t.type);
  return t.kind === 'INT' && t.size === 1 && (t.char || t.name === 'char');
}

function arrayCodec(btf: Btf, t: BtfTypeOf<'ARRAY'>): Codec {
  const n = t.nelems;
  if (n > 0 && isCharElement(btf, t.type)) return charArrayCodec(n);
  const elem = btf.codec(t.type);
  const es = elem.size;
  const ed = elem.decode;
  const ee = elem.encode;
  return {
    size: es * n,
    decode: (dv, off) => {
      const a = new Array(n);
      for (let i = 0; i < n; i++) a[i] = ed(dv, off + i * es);
      return a;
    },
    encode: (dv, off, v) => {
      if (!Array.isArray(v)) fail(TypeError, `expected an array of ${n}, got ${got(v)}`);
      if (v.length !== n) fail(RangeError, `expected an array of ${n}, got ${v.length} elements`);
      let i = 0;
      try {
        for (; i < n; i++) ee(dv, off + i * es, v[i]);
      } catch (e) {
        throw within(e, `[${i}]`);
      }
    },
  };
}

function charArrayCodec(n: number): Codec {
  return {
    size: n,
    decode: (dv, off) => {
      const base = dv.byteOffset + off;
      const bytes = new Uint8Array(dv.buffer, base, n);
      let s = '';
      for (let i = 0; i < n; i++) {
        const c = bytes[i];
        if (c === 0) return s;
        if (c < 0x20 || c > 0x7e) break;
        s += String.fromCharCode(c);
      }
      return bytes.slice();
    },
    encode: (dv, off, v) => {
      const bytes = new Uint8Array(dv.buffer, dv.byteOffset + off, n);
      if (typeof v === 'string') {
        if (v.length >= n) fail(RangeError, `a string of at most ${n - 1} characters (char[${n}] with its NUL), got ${v.length}`);
        for (let i = 0; i < v.length; i++) {
          const c = v.charCodeAt(i);
          if (c < 0x20 || c > 0x7e) fail(RangeError, `a string of printable ASCII characters (use a Uint8Array for other bytes), got code ${c} at ${i}`);
          bytes[i] = c;
        }
        bytes.fill(0, v.length);
      } else if (v instanceof Uint8Array) {
        if (v.length > n) fail(RangeError, `at most ${n} bytes (char[${n}]), got ${v.length}`);
        bytes.set(v);
        bytes.fill(0, v.length);
      } else {
        fail(TypeError, `expected a string or a Uint8Array (char[${n}]), got ${got(v)}`);
      }
    },
  };
}

// ---- Structs and unions --------------------------------------------------------------
interface Field {
  name: string;
  byteOffset: number;
  codec: Codec;
  /** A member of a union (or of an anonymous union flattened into a struct): may be absent. */
  optional: boolean;
  /** A plain 1/2/4/8-byte integer: read and written inline in the generated code. */
  int?: { size: number; signed: boolean };
}

/** Named members with their codecs; anonymous struct/union members contribute their own. */
function fieldsOf(btf: Btf, t: BtfTypeOf<'STRUCT' | 'UNION'>, baseBits = 0, into: Field[] = [],
  inUnion = false): Field[] {
  const optional = inUnion || t.kind === 'UNION';
  for (const m of t.members) {
    const bitOffset = baseBits + m.bitOffset;
    if (m.bitfieldSize > 0) {
      if (!m.name) continue; // unnamed bitfield: padding, kept zero
      into.push({
        name: m.name, byteOffset: 0, optional,
        codec: bitfieldCodec(btf, m.type, bitOffset, m.bitfieldSize, 0),
      });
      continue;
    }
    if (bitOffset % 8 !== 0) throw new TypeError(`${typeLabel(t)}: member '${m.name}' is not byte-aligned`);
    if (!m.name) {
      const inner = resolveType(btf, m.type);
      if (inner.kind === 'STRUCT' || inner.kind === 'UNION') {
        fieldsOf(btf, inner, bitOffset, into, optional);
        continue;
      }
    }
    const r = resolveType(btf, m.type);
    const plainInt = r.kind === 'INT' && !r.bool && r.bitOffset === 0 && r.bits === r.size * 8 && [1, 2, 4, 8].includes(r.size);
    into.push({
      name: m.name, byteOffset: bitOffset / 8, codec: btf.codec(m.type), optional,
      int: plainInt ? { size: r.size, signed: r.signed } : undefined,
    });
  }
  return into;
}

function recordCodec(btf: Btf, t: BtfTypeOf<'STRUCT' | 'UNION'>): Codec {
  const fields = fieldsOf(btf, t);
  const names = fields.map((f) => f.name);
  const known = new Set(names);
  const label = typeLabel(t);
  const checks = {
    notObject: (v: unknown): never => fail(TypeError, `expected an object (${label}), got ${got(v)}`),
    noMember: (): never => fail(TypeError, `expected one or more members of ${label} (${names.join(', ')})`),
    // Where members are optional (unions), a misspelt one would be silently dropped: every
    // own key must be a member there. Elsewhere a misspelt member is a missing one, already
    // refused, and other keys are ignored (as TypeScript's structural types allow); checking
    // them would cost an Object.keys() per struct, a third of an encode.
    unknownKey: (o: object): void => {
      const extra = Object.keys(o).find((key) => !known.has(key));
      if (extra !== undefined) fail(TypeError, `unknown member '${extra}' (${label} has ${names.join(', ')})`);
    },
    within: (e: unknown, at: number): unknown => within(e, `.${names[at]}`),
  };
  if (names.includes('__proto__')) return { size: t.size, ...genericRecord(fields, t.kind === 'UNION', checks) };
  return { size: t.size, ...compileRecord(fields, t.kind === 'UNION', checks) };
}

type RecordChecks = {
  notObject(v: unknown): never;
  noMember(): never;
  unknownKey(o: object): void;
  within(e: unknown, at: number): unknown;
};
type RecordFns = Pick<Codec, 'decode' | 'encode'>;

/**
 * decode and encode for a struct's exact shape, as generated source: decode is one object
 * literal; encode reads each member by its literal name (inline caches, no keyed lookups
 * or loops). Member names are C identifiers, JSON-quoted into the source.
 */
function compileRecord(fields: Field[], isUnion: boolean, checks: RecordChecks): RecordFns {
  const q = (name: string) => JSON.stringify(name);
  const optionals = fields.some((f) => f.optional);
  const bind = fields.map((_, i) => `const d${i} = d[${i}], e${i} = e[${i}];`).join(' ');
  const props = fields.map((f, i) => `${q(f.name)}: ${f.int ? intRead(f.int, f.byteOffset) : `d${i}(dv, off + ${f.byteOffset})`}`).join(', ');
  const writes = fields.map((f, i) => {
    const write = f.int ? intWrite(f.int, f.byteOffset) : `e${i}(dv, off + ${f.byteOffset}, x);`;
    return f.optional
      ? `at = ${i}; x = o[${q(f.name)}]; if (x !== undefined) { ${write} count++; }`
      : `at = ${i}; x = o[${q(f.name)}]; ${write} count++;`;
  }).join('\n      ');
  const src = `${bind}
    return {
      decode: function decode(dv, off) { return { ${props} }; },
      encode: function encode(dv, off, o) {
        if (typeof o !== 'object' || o === null || Array.isArray(o) || o instanceof Uint8Array) c.notObject(o);
        let at = 0, count = 0, x;
        try {
          ${writes}
        } catch (err) {
          throw c.within(err, at);
        }
        ${optionals ? 'if (Object.keys(o).length !== count) c.unknownKey(o);' : ''}
        ${isUnion ? 'if (count === 0) c.noMember();' : ''}
      },
    };`;
  const helpers = { ...checks, checkNumber, checkBigint };
  return new Function('d', 'e', 'c', src)(fields.map((f) => f.codec.decode), fields.map((f) => f.codec.encode), helpers) as RecordFns;
}

const DV_INT: Record<number, string> = { 1: 'Int8', 2: 'Int16', 4: 'Int32', 8: 'BigInt64' };

/** Source reading a plain integer member at off + at (what intCodec's decode does). */
function intRead(int: { size: number; signed: boolean }, at: number): string {
  const name = int.signed ? DV_INT[int.size] : DV_INT[int.size].replace('Int', 'Uint');
  return `dv.get${name}(off + ${at}${int.size > 1 ? ', true' : ''})`;
}

/** Source writing x as a plain integer member, range-checked inline; the failure path is
 *  intCodec's own check, so the messages are the same. */
function intWrite(int: { size: number; signed: boolean }, at: number): string {
  const [lo, hi] = intRange(int.size, int.signed);
  const name = int.signed ? DV_INT[int.size] : DV_INT[int.size].replace('Int', 'Uint');
  const le = int.size > 1 ? ', true' : '';
  if (int.size === 8) {
    return `if (typeof x !== 'bigint' || x < ${lo}n || x > ${hi}n) c.checkBigint(x, ${lo}n, ${hi}n); dv.set${name}(off + ${at}, x${le});`;
  }
  return `if (typeof x !== 'number' || !(x >= ${lo} && x <= ${hi}) || !Number.isInteger(x)) c.checkNumber(x, ${lo}, ${hi}); dv.set${name}(off + ${at}, x${le});`;
}

/** The same, without generated code: for a member named '__proto__' (an object literal
 *  would set the prototype with it). */
function genericRecord(fields: Field[], isUnion: boolean, checks: RecordChecks): RecordFns {
  return {
    decode: (dv, off) => {
      const o: Record<string, unknown> = {};
      for (const f of fields) Object.defineProperty(o, f.name, { value: f.codec.decode(dv, off + f.byteOffset), enumerable: true, writable: true, configurable: true });
      return o;
    },
    encode: (dv, off, v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) checks.notObject(v);
      const o = v as Record<string, unknown>;
      let count = 0;
      fields.forEach((f, i) => {
        const x = Object.hasOwn(o, f.name) ? o[f.name] : undefined;
        if (x === undefined && f.optional) return;
        try {
          f.codec.encode(dv, off + f.byteOffset, x);
        } catch (err) {
          throw checks.within(err, i);
        }
        count++;
      });
      if (fields.some((f) => f.optional) && Object.keys(o).length !== count) checks.unknownKey(o);
      if (isUnion && count === 0) checks.noMember();
    },
  };
}
