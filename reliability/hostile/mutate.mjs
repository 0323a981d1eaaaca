// Deterministic mutations of the project's BPF objects: structured ones (truncation at
// every section boundary; each header, symbol, relocation, BTF and BTF.ext field set to
// values near the edges of its width, near 2^32 and 2^64) and seeded random byte flips.
// A mutation is { id, base, what, bytes() }: bytes() builds the mutated object on demand.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fields, boundaries, parsedRanges } from './elf-fields.mjs';
import { rng } from '../lib/random.mjs';

const MAX = { 1: 0xffn, 2: 0xffffn, 4: 0xffffffffn, 8: 0xffffffffffffffffn };
/** Values worth trying in a field of `width` bytes holding `orig`. */
function edgeValues(width, orig) {
  const m = MAX[width];
  const v = new Set([0n, 1n, m, m >> 1n, (m >> 1n) + 1n, orig + 1n, orig - 1n]);
  if (width >= 4) for (const x of [0xfffffff8n, 0x100n, 0x10000n]) v.add(x);
  if (width === 8) for (const x of [1n << 32n, (1n << 32n) + 8n, (1n << 32n) - 1n, m - 7n, orig + (1n << 32n)]) v.add(x);
  return [...v].map((x) => x & m).filter((x) => x !== orig);
}

const read = (buf, off, width) => (width === 8 ? buf.readBigUInt64LE(off) : BigInt(buf.readUIntLE(off, width)));
const write = (buf, off, width, v) => (width === 8 ? buf.writeBigUInt64LE(v, off) : buf.writeUIntLE(Number(v), off, width));

/** The base objects: every built tests/bpf/build/*.o and examples/build/*.o. */
export function baseObjects(root) {
  const out = [];
  for (const dir of ['tests/bpf/build', 'examples/build']) {
    const d = join(root, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).filter((x) => x.endsWith('.o')).sort()) {
      out.push({ name: `${dir}/${f}`, bytes: readFileSync(join(d, f)) });
    }
  }
  return out;
}

function structured(base) {
  const out = [];
  for (const cut of boundaries(base.bytes)) {
    out.push({ kind: 'truncation', base: base.name, what: `truncated at ${cut}`, bytes: () => base.bytes.subarray(0, cut) });
  }
  for (const f of fields(base.bytes)) {
    const orig = read(base.bytes, f.off, f.width);
    for (const v of edgeValues(f.width, orig)) {
      out.push({ kind: f.kind, base: base.name, what: `${f.what} = 0x${v.toString(16)}`, bytes: () => {
        const b = Buffer.from(base.bytes);
        write(b, f.off, f.width, v);
        return b;
      } });
    }
  }
  return out;
}

function randomFlip(bases, rand) {
  const base = bases[Math.floor(rand() * bases.length)];
  const ranges = parsedRanges(base.bytes);
  const n = 1 + Math.floor(rand() * 4);
  const edits = [];
  for (let i = 0; i < n; i++) {
    // Mostly inside what libbpf parses; sometimes anywhere (headers, DWARF, padding).
    let off;
    if (ranges.length && rand() < 0.8) {
      const [start, size] = ranges[Math.floor(rand() * ranges.length)];
      off = start + Math.floor(rand() * size);
    } else {
      off = Math.floor(rand() * base.bytes.length);
    }
    edits.push([off, Math.floor(rand() * 256)]);
  }
  return { kind: 'random bytes', base: base.name, what: `bytes ${edits.map(([o, v]) => `${o}=0x${v.toString(16)}`).join(',')}`,
    bytes: () => {
      const b = Buffer.from(base.bytes);
      for (const [o, v] of edits) b[o] = v;
      return b;
    } };
}

/** `count` mutations for `seed`: 70% structured, 30% random flips. The structured ones
 *  are drawn in turn from each kind (truncation, ELF header, section header, symbol,
 *  relocation, BTF header, BTF type, BTF.ext), each kind in a seeded order, so that a
 *  slice covers every kind. The same seed and objects give the same list. */
export function mutations(bases, { seed, count }) {
  const rand = rng(seed);
  const byKind = new Map();
  let structuredTotal = 0;
  for (const m of bases.flatMap(structured)) {
    if (!byKind.has(m.kind)) byKind.set(m.kind, []);
    byKind.get(m.kind).push(m);
    structuredTotal++;
  }
  const queues = [...byKind.values()].map((all) => {
    for (let i = all.length - 1; i > 0; i--) { // Fisher-Yates, seeded
      const j = Math.floor(rand() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all;
  });
  const nStructured = Math.min(structuredTotal, Math.round(count * 0.7));
  const list = [];
  for (let round = 0; list.length < nStructured; round++) {
    for (const q of queues) if (round < q.length && list.length < nStructured) list.push(q[round]);
  }
  while (list.length < count) list.push(randomFlip(bases, rand));
  return { list: list.map((m, id) => ({ id, ...m })), structuredTotal };
}
