// Argument checks shared by the facade: a wrong type is a TypeError, a value out of range
// a RangeError, both naming the call and the argument, before anything reaches libbpf.
const SMALL_FLAGS = Array.from({ length: 8 }, (_, i) => BigInt(i));

export function bytesArg(op: string, what: string, v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`${op}: ${what} must be a Uint8Array`);
  return v;
}

function integerArg(op: string, what: string, v: unknown, min: number, max: number, range: string): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: ${what} must be a number, got ${typeof v}`);
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${op}: ${what} must be ${range}, got ${v}`);
  return v;
}

/** A signed 32-bit integer no smaller than `min` (fds: 0). */
export function int32Arg(op: string, what: string, v: unknown, min = -0x80000000): number {
  return integerArg(op, what, v, min, 0x7fffffff, min === 0 ? 'a non-negative 32-bit integer' : 'a 32-bit integer');
}

export function u32Arg(op: string, what: string, v: unknown): number {
  return integerArg(op, what, v, 0, 0xffffffff, 'an unsigned 32-bit integer');
}

/** libbpf's __u64 flags, from a number (small values without allocating). */
export function u64Flags(op: string, flags: unknown): bigint {
  if (typeof flags === 'number' && flags >= 0 && flags < 8 && Number.isInteger(flags)) return SMALL_FLAGS[flags];
  return BigInt(integerArg(op, 'flags', flags, 0, Number.MAX_SAFE_INTEGER, 'a non-negative integer (UpdateFlags)'));
}
