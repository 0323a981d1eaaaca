// Codecs of arrays: JS arrays of the element's values; char arrays as text or bytes
// (bpftool's rule, see codec.ts).
import type { Btf } from './btf.js';
import type { BtfTypeOf } from './types.js';
import type { Codec } from './codec.js';
import { fail, got, within } from './codec-errors.js';
import { checkBigint, checkNumber } from './codec-scalars.js';
import { plainInt, intRead, intWrite, type PlainInt } from './codec-int-source.js';

function isCharElement(btf: Btf, id: number): boolean {
  // bpftool's is_str_array: qualifiers are skipped, typedefs are not.
  let t = btf.typeById(id);
  while (t.kind === 'CONST' || t.kind === 'VOLATILE' || t.kind === 'RESTRICT' || t.kind === 'TYPE_TAG') t = btf.typeById(t.type);
  return t.kind === 'INT' && t.size === 1 && (t.char || t.name === 'char');
}

export function arrayCodec(btf: Btf, t: BtfTypeOf<'ARRAY'>): Codec {
  const n = t.nelems;
  if (n > 0 && isCharElement(btf, t.type)) return charArrayCodec(n);
  const elem = btf.codec(t.type);
  const es = elem.size;
  const int = plainInt(btf, t.type);
  if (int) return { size: es * n, ...intArray(int, n, es) };
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

/** An array of plain integers as generated source: no call per element. */
function intArray(int: PlainInt, n: number, es: number): Pick<Codec, 'decode' | 'encode'> {
  const src = `return {
    decode: function decode(dv, off) {
      const a = new Array(${n});
      for (let i = 0; i < ${n}; i++) a[i] = ${intRead(int, `off + i * ${es}`)};
      return a;
    },
    encode: function encode(dv, off, v) {
      if (!Array.isArray(v)) c.fail(TypeError, 'expected an array of ${n}, got ' + c.got(v));
      if (v.length !== ${n}) c.fail(RangeError, 'expected an array of ${n}, got ' + v.length + ' elements');
      let i = 0, x;
      try {
        for (; i < ${n}; i++) { x = v[i]; ${intWrite(int, `off + i * ${es}`)} }
      } catch (e) {
        throw c.within(e, '[' + i + ']');
      }
    },
  };`;
  return new Function('c', src)({ fail, got, within, checkNumber, checkBigint }) as Pick<Codec, 'decode' | 'encode'>;
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
