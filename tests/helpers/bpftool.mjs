// bpftool as an independent oracle: its JSON, with integers beyond 2^53 kept exact.
import { execFileSync } from 'node:child_process';

/** JSON.parse, with integers of 16+ digits kept as strings (BigInt(...) them to compare). */
export const bigSafeJson = (text) => JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));

/** `bpftool <args> -j`, parsed. */
export const bpftoolJson = (args) =>
  bigSafeJson(execFileSync('bpftool', [...args, '-j'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
