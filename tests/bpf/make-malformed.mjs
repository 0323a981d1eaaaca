#!/usr/bin/env node
// Derives the malformed objects of the differential corpus from a valid built object,
// deterministically (fixed byte patches located by parsing the ELF and BTF, no offsets
// hard-coded), into tests/bpf/build/malformed/<name>.bpf.o. They live in a subdirectory
// so that tools which open every tests/bpf/build/*.bpf.o (open-vs-native) do not meet
// the one that crashes native libbpf. Called by scripts/build-bpf.sh; prints one line per
// object written, nothing when all are up to date.
//   node tests/bpf/make-malformed.mjs [BUILD_DIR]
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const buildDir = process.argv[2] ?? fileURLToPath(new URL('build/', import.meta.url));
const outDir = join(buildDir, 'malformed');
const basePath = join(buildDir, 'pin_by_name.bpf.o');

// ---- ELF64 little-endian, just enough to find sections ----
function sections(buf) {
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shnum = buf.readUInt16LE(0x3c);
  const shstrndx = buf.readUInt16LE(0x3e);
  const hdr = (i) => {
    const o = shoff + i * 64;
    return {
      hdrOff: o, nameOff: buf.readUInt32LE(o), type: buf.readUInt32LE(o + 4),
      off: Number(buf.readBigUInt64LE(o + 0x18)), size: Number(buf.readBigUInt64LE(o + 0x20)),
    };
  };
  const strtab = hdr(shstrndx);
  return Array.from({ length: shnum }, (_, i) => {
    const h = hdr(i);
    const start = strtab.off + h.nameOff;
    return { ...h, index: i, name: buf.toString('latin1', start, buf.indexOf(0, start)) };
  });
}

function section(buf, name) {
  const s = sections(buf).find((x) => x.name === name);
  if (!s) throw new Error(`${basePath}: no section ${name}`);
  return s;
}

// ---- BTF (.BTF section): header, then types, then strings ----
function btfLayout(buf) {
  const s = section(buf, '.BTF');
  const h = s.off;
  if (buf.readUInt16LE(h) !== 0xeb9f) throw new Error('.BTF: bad magic in the base object');
  const hdrLen = buf.readUInt32LE(h + 4);
  return {
    start: h,
    typeLenOff: h + 12,
    types: h + hdrLen + buf.readUInt32LE(h + 8),
    typeLen: buf.readUInt32LE(h + 12),
    strs: h + hdrLen + buf.readUInt32LE(h + 16),
    strLen: buf.readUInt32LE(h + 20),
  };
}

// Size of each BTF kind's data after the 12-byte btf_type, by kind and vlen.
const kindExtra = (kind, vlen) => ({
  1: 4, 3: 12, 4: 12 * vlen, 5: 12 * vlen, 6: 8 * vlen, 13: 8 * vlen, 14: 4, 15: 12 * vlen,
  17: 4, 19: 16 * vlen,
}[kind] ?? 0);

/** File offset of the type-id field of the first member named `member` of a STRUCT. */
function structMemberTypeOffset(buf, member) {
  const b = btfLayout(buf);
  const str = (off) => buf.toString('latin1', b.strs + off, buf.indexOf(0, b.strs + off));
  for (let t = b.types; t < b.types + b.typeLen;) {
    const info = buf.readUInt32LE(t + 4);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    if (kind === 4) {
      for (let m = 0; m < vlen; m++) {
        const mo = t + 12 + m * 12;
        if (str(buf.readUInt32LE(mo)) === member) return mo + 4;
      }
    }
    t += 12 + kindExtra(kind, vlen);
  }
  throw new Error(`.BTF: no struct member '${member}'`);
}

/** File offset of the first BTF type of `kind` named `name`. */
function btfTypeOffset(buf, kind, name) {
  const b = btfLayout(buf);
  const str = (off) => buf.toString('latin1', b.strs + off, buf.indexOf(0, b.strs + off));
  for (let t = b.types; t < b.types + b.typeLen;) {
    const info = buf.readUInt32LE(t + 4);
    const k = (info >>> 24) & 0x1f;
    if (k === kind && str(buf.readUInt32LE(t)) === name) return t;
    t += 12 + kindExtra(k, info & 0xffff);
  }
  throw new Error(`.BTF: no type of kind ${kind} named '${name}'`);
}

/** Replaces every NUL-terminated occurrence of `from` in [start, end) by `to` (same length). */
function replaceString(buf, start, end, from, to) {
  const needle = Buffer.from(`${from}\0`, 'latin1');
  let n = 0;
  for (let i = buf.indexOf(needle, start); i >= 0 && i < end; i = buf.indexOf(needle, i + 1)) {
    if (i === start || buf[i - 1] === 0) {
      buf.write(to, i, 'latin1');
      n++;
    }
  }
  if (!n) throw new Error(`no string '${from}' to patch`);
}

/** File offset of the Elf64_Sym named `name` in .symtab. */
function symbolOffset(buf, name) {
  const symtab = section(buf, '.symtab');
  const strtab = section(buf, '.strtab');
  for (let o = symtab.off; o < symtab.off + symtab.size; o += 24) {
    const start = strtab.off + buf.readUInt32LE(o);
    if (buf.toString('latin1', start, buf.indexOf(0, start)) === name) return o;
  }
  throw new Error(`no symbol ${name}`);
}

/** Sets sh_size of the section named `name`. */
function setSectionSize(buf, name, size) {
  buf.writeBigUInt64LE(BigInt(size), section(buf, name).hdrOff + 0x20);
  return buf;
}

// ---- the malformed objects: name -> patch of a copy of the base object ----
// (an entry [base, patch] starts from tests/bpf/build/<base>.bpf.o instead)
const EM_X86_64 = 62;
const malformed = {
  // Cut in the middle: the section header table (at the end) is gone.
  truncated_half: (b) => b.subarray(0, b.length >> 1),
  // Not even a whole ELF header.
  truncated_ehdr: (b) => b.subarray(0, 32),
  // A valid ELF for another machine.
  wrong_machine: (b) => { b.writeUInt16LE(EM_X86_64, 0x12); return b; },
  // .BTF does not start with 0xeb9f.
  btf_bad_magic: (b) => { b.writeUInt16LE(0, btfLayout(b).start); return b; },
  // .BTF header claims 4 more bytes of types than there are before the strings.
  btf_bad_type_len: (b) => { const l = btfLayout(b); b.writeUInt32LE(l.typeLen + 4, l.typeLenOff); return b; },
  // The first relocation of the program points at a symbol index past the symbol table.
  bad_reloc_symbol: (b) => {
    const rel = section(b, '.relsocket');
    const info = rel.off + 8; // Elf64_Rel.r_info: symbol << 32 | type
    b.writeUInt32LE(0xffff, info + 4);
    return b;
  },
  // The map is renamed with a '-', not a valid kernel object name, in both places libbpf
  // reads it: the BTF variable (the map's name) and the ELF symbol it must match.
  map_name_dash: (b) => {
    const l = btfLayout(b);
    const strtab = section(b, '.strtab');
    replaceString(b, l.strs, l.strs + l.strLen, 'pinned_hash', 'pinned-hash');
    replaceString(b, strtab.off, strtab.off + strtab.size, 'pinned_hash', 'pinned-hash');
    return b;
  },
  // Found by a byte-mutation search: the map definition's `type` member refers to a BTF
  // type id far past the last type. libbpf 1.1.2 does not range-check type ids it takes
  // from BTF (btf__type_by_id indexes type_offs directly): native libbpf segfaults in
  // bpf_object__open while parsing the map definition.
  btf_type_id_out_of_range: (b) => { b.writeUInt32LE(0x10000000, structMemberTypeOffset(b, 'type')); return b; },
  // 64-bit fields that a 32-bit size_t would cut (docs/wasm32.md). The program's symbol
  // says it starts at 2^32 in its section: native rejects the object (crosses section
  // boundary); cut to 32 bits it would start at 0.
  prog_offset_4g: ['kconfig_externs', (b) => {
    b.writeBigUInt64LE(1n << 32n, symbolOffset(b, 'read_kconfig') + 8);
    return b;
  }],
  // A .bss of exactly 4 GiB: value_size 0 for native libbpf (mmap of 0 bytes, EINVAL);
  // cut to 32 bits it would be an empty section, skipped.
  bss_size_4g: ['kconfig_externs', (b) => setSectionSize(b, '.bss', 2 ** 32)],
  // A .bss whose size rounded up to 8 wraps to 0 in libbpf's 32-bit arithmetic (natively
  // too): mmap of 0 bytes, which Linux refuses (EINVAL).
  bss_size_rounds_to_zero: ['kconfig_externs', (b) => setSectionSize(b, '.bss', 0xfffffff9)],
  // A 3 GiB .bss: native libbpf's lazy mmap of its buffer succeeds (open works, the kernel
  // refuses the map at load); the module's linear memory (wasm32, 2 GiB) cannot hold it,
  // and open fails with ENOMEM (docs/differences.md).
  bss_size_3g: ['kconfig_externs', (b) => setSectionSize(b, '.bss', 3 * 2 ** 30)],
  // Found by reliability/hostile.mjs: relocation 7 of core_heavy's program section moved
  // onto the instruction at byte 0x30, which another relocation already targets. libbpf
  // sorts relocations by instruction only, so the order of the two equal keys picks the
  // map: glibc's qsort keeps it (stable), musl's did not, and the module named another map
  // in the verifier log than native (port/qsort.c).
  reloc_same_insn_order: ['core_heavy', (b) => {
    b[section(b, '.relraw_tp/sys_enter').off + 7 * 16] = 0x30;
    return b;
  }],
  // Found by reliability/hostile.mjs: 'int' claims a size of 0xb1000004. libbpf 1.1.2
  // returns that size, as an int, for an error from bpf_object__open: not an errno, so
  // no IS_ERR() check sees it and the pointer is used. Native libbpf segfaults on it;
  // the module must trap at open too (port/api.c), not fail later in another call.
  btf_int_size_as_error_pointer: ['kconfig_externs', (b) => {
    b.writeUInt32LE(0xb1000004, btfTypeOffset(b, 1, 'int') + 8);
    return b;
  }],
  // The BTF VAR of an extern names no string (name_off past the string section):
  // btf__name_by_offset() gives NULL and find_extern_btf_id() passes it to strcmp.
  // Native libbpf segfaults inside glibc's strcmp; the module's libc must trap there too
  // (port/libc_checked.c), not read address 0 and go on.
  btf_extern_name_off_out_of_range: ['kconfig_externs', (b) => {
    b.writeUInt32LE(0xfffffff0, btfTypeOffset(b, 14, 'CONFIG_BPF_SYSCALL'));
    return b;
  }],
  // Extended section numbering (e_shnum 0: the count is section 0's sh_size) with a count
  // whose header table would be 2^37 bytes: libelf finds the headers truncated and sees
  // no sections; a 32-bit product wraps to 0 and accepted two billion sections.
  shnum_extended_overflow: (b) => {
    b.writeUInt16LE(0, 0x3c);
    b.writeBigUInt64LE(0x80000000n, Number(b.readBigUInt64LE(0x28)) + 0x20);
    return b;
  },
};

if (!existsSync(basePath)) {
  console.error(`make-malformed: ${basePath} is missing; build the BPF corpus first`);
  process.exit(1);
}
const base = readFileSync(basePath);
mkdirSync(outDir, { recursive: true });
for (const [name, entry] of Object.entries(malformed)) {
  const out = join(outDir, `${name}.bpf.o`);
  const [from, patch] = Array.isArray(entry) ? [readFileSync(join(buildDir, `${entry[0]}.bpf.o`)), entry[1]] : [base, entry];
  const bytes = patch(Buffer.from(from));
  if (existsSync(out) && readFileSync(out).equals(bytes)) continue;
  writeFileSync(out, bytes);
  console.log(`[build-bpf] ${out.slice(out.indexOf('tests/'))}`);
}
// Objects no longer generated must not linger.
for (const f of readdirSync(outDir)) {
  if (!(f.replace(/\.bpf\.o$/, '') in malformed)) {
    rmSync(join(outDir, f));
    console.log(`[build-bpf] removed ${join(outDir, f).slice(join(outDir, f).indexOf('tests/'))}`);
  }
}
