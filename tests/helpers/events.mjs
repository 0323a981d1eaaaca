// Shared by the event tests: tests/bpf/events_emit.bpf.o loaded through the facade, and the
// same scenario through native libbpf (build/native/bin/events), in one line format:
//   R <hex> | S <cpu> <hex> | L <cpu> <count> | C <consume result>
import { execFileSync } from 'node:child_process';
import { BpfObject } from '../../dist/index.js';
import { testObject, repoRoot } from './objects.mjs';
import { testRun, emitConfig } from './test-run.mjs';

export const hex = (d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex');

/** Opens and loads events_emit (ring buffer resized to ringSize); fn(obj); closes. */
export async function withEmitter(fn, ringSize = 4096) {
  const obj = BpfObject.open(testObject('events_emit'));
  try {
    obj.map('rb').setMaxEntries(ringSize);
    obj.load();
    return await fn(obj);
  } finally {
    obj.close();
  }
}

/** Runs emit_ring/emit_perf `runs` times (nrec records each), consuming every `every` runs. */
export function emitAndConsume(obj, buffer, kind, { runs, nrec, fixed = 0, every = 1 }) {
  const prog = obj.program(kind === 'perf' ? 'emit_perf' : 'emit_ring');
  const results = [];
  for (let i = 1; i <= runs; i++) {
    testRun(prog, emitConfig(nrec, fixed));
    if (i % every === 0 || i === runs) results.push(buffer.consume());
  }
  return results;
}

/** The native runner's lines for the same scenario. */
export function nativeLines(kind, { runs, nrec, fixed = 0, every = 1, size }) {
  const out = execFileSync(`${repoRoot}build/native/bin/events`,
    [testObject('events_emit'), kind, runs, nrec, fixed, size, every].map(String), { encoding: 'utf8' });
  return out.trimEnd().split('\n');
}

/** The record events_emit writes for sequence number s with `size` bytes (see its source). */
export function expectedRecord(s, size) {
  const buf = Buffer.alloc(256);
  for (let k = 0; k < 32; k++) {
    const v = (BigInt(s) * 0x9E3779B97F4A7C15n + BigInt(k) * 0x0101010101010101n) & 0xffffffffffffffffn;
    buf.writeBigUInt64LE(v, k * 8);
  }
  buf.writeUInt32LE(s, 0);
  buf.writeUInt32LE(size, 4);
  return buf.subarray(0, size);
}

/** emit_ring's size for s without a fixed size; every fifth s is discarded. */
export const varyingSize = (s) => (((s * 37) >>> 0) & 255) + 1;
export const isDiscarded = (s) => s % 5 === 4;

export { throwsErrno } from './errors.mjs';
