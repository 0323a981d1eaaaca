// Codecs of structs and unions: decode and encode generated as source for each record's
// exact shape (see compileRecord).
import type { Btf } from './btf.js';
import type { BtfTypeOf } from './types.js';
import type { Codec } from './codec.js';
import { fail, got, within } from './codec-errors.js';
import { resolveType, typeLabel } from './resolve.js';
import { bitfieldCodec, checkBigint, checkNumber } from './codec-scalars.js';
import { plainInt, intRead, intWrite, type PlainInt } from './codec-int-source.js';

interface Field {
  name: string;
  byteOffset: number;
  codec: Codec;
  /** A member of a union (or of an anonymous union flattened into a struct): may be absent. */
  optional: boolean;
  /** A plain 1/2/4/8-byte integer: read and written inline in the generated code. */
  int?: PlainInt;
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
    into.push({ name: m.name, byteOffset: bitOffset / 8, codec: btf.codec(m.type), optional, int: plainInt(btf, m.type) });
  }
  return into;
}

export function recordCodec(btf: Btf, t: BtfTypeOf<'STRUCT' | 'UNION'>): Codec {
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
  const props = fields.map((f, i) => `${q(f.name)}: ${f.int ? intRead(f.int, `off + ${f.byteOffset}`) : `d${i}(dv, off + ${f.byteOffset})`}`).join(', ');
  const writes = fields.map((f, i) => {
    const write = f.int ? intWrite(f.int, `off + ${f.byteOffset}`) : `e${i}(dv, off + ${f.byteOffset}, x);`;
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
