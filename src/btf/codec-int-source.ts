// Plain integers (1, 2, 4 or 8 bytes, not bool, not a bitfield) as source text, for the
// codecs that generate code (records, arrays of integers): read and written inline, with
// the range check inline and intCodec's own check as the failure path (same messages).
// The generated code names its DataView `dv`, the value `x`, and its helpers `c`.
import type { Btf } from './btf.js';
import { resolveType } from './resolve.js';
import { intRange } from './codec-scalars.js';

export interface PlainInt { size: number; signed: boolean }

const DV_INT: Record<number, string> = { 1: 'Int8', 2: 'Int16', 4: 'Int32', 8: 'BigInt64' };

/** The integer type `id` stands for, when it is a plain one. */
export function plainInt(btf: Btf, id: number): PlainInt | undefined {
  const t = resolveType(btf, id);
  const plain = t.kind === 'INT' && !t.bool && t.bitOffset === 0 && t.bits === t.size * 8 && t.size in DV_INT;
  return plain ? { size: t.size, signed: t.signed } : undefined;
}

const accessor = (int: PlainInt): string => (int.signed ? DV_INT[int.size] : DV_INT[int.size].replace('Int', 'Uint'));

/** Source reading the integer at byte offset expression `at`. */
export function intRead(int: PlainInt, at: string): string {
  return `dv.get${accessor(int)}(${at}${int.size > 1 ? ', true' : ''})`;
}

/** Source writing x at byte offset expression `at`, range-checked (needs c.checkNumber
 *  and c.checkBigint). */
export function intWrite(int: PlainInt, at: string): string {
  const [lo, hi] = intRange(int.size, int.signed);
  const le = int.size > 1 ? ', true' : '';
  if (int.size === 8) {
    return `if (typeof x !== 'bigint' || x < ${lo}n || x > ${hi}n) c.checkBigint(x, ${lo}n, ${hi}n); dv.set${accessor(int)}(${at}, x${le});`;
  }
  return `if (typeof x !== 'number' || !(x >= ${lo} && x <= ${hi}) || !Number.isInteger(x)) c.checkNumber(x, ${lo}, ${hi}); dv.set${accessor(int)}(${at}, x${le});`;
}
