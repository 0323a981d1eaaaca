// The fields of a little-endian ELF64 BPF object that libbpf and libelf read, as
// {what, off, width} (file offsets): the ELF header, every section header, symbol and
// relocation, the .BTF header and types, the .BTF.ext header and its record headers.
// Parsing is defensive: it reads the valid base objects the mutator starts from.

const EHDR = [
  ['e_ident.class', 4, 1], ['e_ident.data', 5, 1], ['e_ident.version', 6, 1], ['e_type', 0x10, 2],
  ['e_machine', 0x12, 2], ['e_version', 0x14, 4], ['e_entry', 0x18, 8], ['e_phoff', 0x20, 8],
  ['e_shoff', 0x28, 8], ['e_flags', 0x30, 4], ['e_ehsize', 0x34, 2], ['e_phentsize', 0x36, 2],
  ['e_phnum', 0x38, 2], ['e_shentsize', 0x3a, 2], ['e_shnum', 0x3c, 2], ['e_shstrndx', 0x3e, 2],
];
const SHDR = [
  ['sh_name', 0, 4], ['sh_type', 4, 4], ['sh_flags', 8, 8], ['sh_addr', 0x10, 8], ['sh_offset', 0x18, 8],
  ['sh_size', 0x20, 8], ['sh_link', 0x28, 4], ['sh_info', 0x2c, 4], ['sh_addralign', 0x30, 8], ['sh_entsize', 0x38, 8],
];
const SYM = [['st_name', 0, 4], ['st_info', 4, 1], ['st_other', 5, 1], ['st_shndx', 6, 2], ['st_value', 8, 8], ['st_size', 0x10, 8]];
const REL = [['r_offset', 0, 8], ['r_type', 8, 4], ['r_sym', 12, 4]];
const BTF_HDR = [['magic', 0, 2], ['version', 2, 1], ['flags', 3, 1], ['hdr_len', 4, 4], ['type_off', 8, 4],
  ['type_len', 12, 4], ['str_off', 16, 4], ['str_len', 20, 4]];
const BTF_EXT_HDR = [['magic', 0, 2], ['version', 2, 1], ['flags', 3, 1], ['hdr_len', 4, 4],
  ['func_info_off', 8, 4], ['func_info_len', 12, 4], ['line_info_off', 16, 4], ['line_info_len', 20, 4],
  ['core_relo_off', 24, 4], ['core_relo_len', 28, 4]];

/** The sections: index, name, type, file offset and size, header offset. */
export function sections(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) return [];
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shnum = buf.readUInt16LE(0x3c);
  const shstrndx = buf.readUInt16LE(0x3e);
  if (shoff + shnum * 64 > buf.length) return [];
  const hdr = (i) => {
    const o = shoff + i * 64;
    return { index: i, hdrOff: o, nameOff: buf.readUInt32LE(o), type: buf.readUInt32LE(o + 4),
      off: Number(buf.readBigUInt64LE(o + 0x18)), size: Number(buf.readBigUInt64LE(o + 0x20)) };
  };
  const strtab = hdr(shstrndx);
  return Array.from({ length: shnum }, (_, i) => {
    const h = hdr(i);
    const start = strtab.off + h.nameOff;
    return { ...h, name: buf.toString('latin1', start, Math.max(start, buf.indexOf(0, start))) };
  });
}

const SHT_SYMTAB = 2;
const SHT_REL = 9;
// Bytes after the 12-byte btf_type, by kind and vlen (kinds of BTF as of libbpf 1.1).
const kindExtra = (kind, vlen) => ({ 1: 4, 3: 12, 4: 12 * vlen, 5: 12 * vlen, 6: 8 * vlen, 13: 8 * vlen,
  14: 4, 15: 12 * vlen, 17: 4, 19: 12 * vlen }[kind] ?? 0);

function btfFields(buf, s, out) {
  const h = s.off;
  if (s.size < 24 || buf.readUInt16LE(h) !== 0xeb9f) return;
  for (const [n, o, w] of BTF_HDR) out.push({ kind: 'BTF header', what: `.BTF header ${n}`, off: h + o, width: w });
  const hdrLen = buf.readUInt32LE(h + 4);
  const start = h + hdrLen + buf.readUInt32LE(h + 8);
  const end = start + buf.readUInt32LE(h + 12);
  let id = 1;
  for (let t = start; t + 12 <= end && t + 12 <= buf.length; id++) {
    const info = buf.readUInt32LE(t + 4);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const kindName = 'BTF type';
    out.push({ kind: kindName, what: `.BTF type ${id} name_off`, off: t, width: 4 },
      { kind: kindName, what: `.BTF type ${id} info`, off: t + 4, width: 4 },
      { kind: kindName, what: `.BTF type ${id} size/type`, off: t + 8, width: 4 });
    const extra = kindExtra(kind, vlen);
    // Every u32 of the kind-specific data (members, params, enum values, var/datasec info).
    for (let o = 0; o < extra && t + 12 + o + 4 <= buf.length; o += 4) {
      out.push({ kind: kindName, what: `.BTF type ${id} data+${o}`, off: t + 12 + o, width: 4 });
    }
    t += 12 + extra;
  }
}

function btfExtFields(buf, s, out) {
  const h = s.off;
  if (s.size < 32 || buf.readUInt16LE(h) !== 0xeb9f) return;
  for (const [n, o, w] of BTF_EXT_HDR) {
    out.push({ kind: 'BTF.ext header', what: `.BTF.ext header ${n}`, off: h + o, width: w });
  }
  const hdrLen = buf.readUInt32LE(h + 4);
  for (const [name, offAt, lenAt] of [['func_info', 8, 12], ['line_info', 16, 20], ['core_relo', 24, 28]]) {
    if (hdrLen < lenAt + 4) continue;
    const start = h + hdrLen + buf.readUInt32LE(h + offAt);
    if (buf.readUInt32LE(h + lenAt) < 12 || start + 12 > buf.length) continue;
    // record_size, then the first section's sec_name_off and num_info, then its first record.
    const kind = 'BTF.ext records';
    out.push({ kind, what: `.BTF.ext ${name} record_size`, off: start, width: 4 },
      { kind, what: `.BTF.ext ${name} sec_name_off`, off: start + 4, width: 4 },
      { kind, what: `.BTF.ext ${name} num_info`, off: start + 8, width: 4 });
    for (let o = 0; o < 16 && start + 12 + o + 4 <= buf.length; o += 4) {
      out.push({ kind, what: `.BTF.ext ${name} record0+${o}`, off: start + 12 + o, width: 4 });
    }
  }
}

/** Every field the structured mutations change. */
export function fields(buf) {
  const out = EHDR.map(([n, off, width]) => ({ kind: 'ELF header', what: `ELF header ${n}`, off, width }));
  for (const s of sections(buf)) {
    for (const [n, o, w] of SHDR) {
      out.push({ kind: 'section header', what: `section ${s.index} (${s.name}) ${n}`, off: s.hdrOff + o, width: w });
    }
    if (s.off + s.size > buf.length) continue;
    if (s.type === SHT_SYMTAB) {
      for (let i = 0, o = s.off; o + 24 <= s.off + s.size; i++, o += 24) {
        for (const [n, fo, w] of SYM) out.push({ kind: 'symbol', what: `symbol ${i} ${n}`, off: o + fo, width: w });
      }
    } else if (s.type === SHT_REL && !s.name.startsWith('.rel.debug')) { // libbpf skips DWARF's
      for (let i = 0, o = s.off; o + 16 <= s.off + s.size; i++, o += 16) {
        for (const [n, fo, w] of REL) {
          out.push({ kind: 'relocation', what: `${s.name} relocation ${i} ${n}`, off: o + fo, width: w });
        }
      }
    } else if (s.name === '.BTF') {
      btfFields(buf, s, out);
    } else if (s.name === '.BTF.ext') {
      btfExtFields(buf, s, out);
    }
  }
  return out;
}

/** Where truncation is interesting: every section's start and end, the section header
 *  table's start and each header in it, and inside the ELF header. */
export function boundaries(buf) {
  const cuts = new Set([0, 16, 52, 63, 64]);
  const secs = sections(buf);
  for (const s of secs) {
    cuts.add(s.off);
    cuts.add(s.off + s.size);
    cuts.add(s.hdrOff);
  }
  return [...cuts].filter((c) => c >= 0 && c < buf.length).sort((a, b) => a - b);
}

/** Sections libbpf parses (not DWARF), where random flips mostly land. */
export function parsedRanges(buf) {
  return sections(buf).filter((s) => s.size > 0 && s.off + s.size <= buf.length && s.type !== 8 &&
    !s.name.startsWith('.debug') && !s.name.startsWith('.rel.debug')).map((s) => [s.off, s.size]);
}
