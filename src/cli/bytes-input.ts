// Keys and values on the command line, in bpftool's forms: bytes one by one, each hex
// (0x1f) or decimal (31), or after the word `hex`, hex digits in pairs ("hex 01 00" or
// "hex 0100"). `key 0x01 0x00 0x00 0x00 value hex 2a000000`.
import { UsageError } from './command.js';

/** The bytes after `word` in args, up to the next word in `stops`; the rest of args. */
export function takeBytes(cmd: string, args: string[], word: string, stops: string[]): { bytes: Uint8Array; rest: string[] } {
  if (args[0] !== word) throw new UsageError(`${cmd}: expected '${word}' followed by bytes, got '${args[0] ?? ''}'`);
  let i = 1;
  const out: number[] = [];
  const hexMode = args[1] === 'hex';
  if (hexMode) i++;
  for (; i < args.length && !stops.includes(args[i]); i++) {
    const a = args[i];
    if (hexMode) {
      if (!/^([0-9a-fA-F]{2})+$/.test(a)) throw new UsageError(`${cmd}: '${a}' is not hex bytes (pairs of hex digits)`);
      for (let j = 0; j < a.length; j += 2) out.push(parseInt(a.slice(j, j + 2), 16));
    } else {
      const n = /^0x[0-9a-fA-F]{1,2}$/.test(a) ? parseInt(a, 16) : /^\d{1,3}$/.test(a) ? Number(a) : NaN;
      if (!(n >= 0 && n <= 255)) throw new UsageError(`${cmd}: '${a}' is not a byte (0x00 to 0xff, or 0 to 255)`);
      out.push(n);
    }
  }
  if (out.length === 0) throw new UsageError(`${cmd}: '${word}' needs at least one byte`);
  return { bytes: Uint8Array.from(out), rest: args.slice(i) };
}

/** Checks the byte count against the map's: the usage error bpftool gives too. */
export function checkLength(cmd: string, what: string, bytes: Uint8Array, size: number): void {
  if (bytes.length !== size) throw new UsageError(`${cmd}: the ${what} is ${size} bytes, ${bytes.length} given`);
}
