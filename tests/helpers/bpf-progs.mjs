// Tiny BPF programs and BTF blobs for the host tests, built as bytes.
/** One 8-byte instruction. */
export function insn(code, dst = 0, src = 0, off = 0, imm = 0) {
  const b = Buffer.alloc(8);
  b[0] = code;
  b[1] = (src << 4) | dst;
  b.writeInt16LE(off, 2);
  b.writeInt32LE(imm, 4);
  return b;
}
export const movR0 = (imm) => insn(0xb7, 0, 0, 0, imm); // BPF_ALU64 | BPF_MOV | BPF_K
export const exit = () => insn(0x95); // BPF_JMP | BPF_EXIT
/** ld_imm64 dst = (src kind, imm): two slots. */
export const ldImm64 = (dst, src, imm) => Buffer.concat([insn(0x18, dst, src, 0, imm), insn(0)]);
export const prog = (...insns) => Buffer.concat(insns);

/** A minimal valid BTF: one INT "int" (4 bytes, signed, 32 bits). */
export function minimalBtf() {
  const strings = Buffer.from('\0int\0');
  const types = Buffer.alloc(16);
  types.writeUInt32LE(1, 0); // name_off "int"
  types.writeUInt32LE(1 << 24, 4); // kind INT, vlen 0
  types.writeUInt32LE(4, 8); // size
  types.writeUInt32LE((1 << 24) | 32, 12); // encoding SIGNED, offset 0, bits 32
  const hdr = Buffer.alloc(24);
  hdr.writeUInt16LE(0xeb9f, 0);
  hdr[2] = 1; // version
  hdr.writeUInt32LE(24, 4); // hdr_len
  hdr.writeUInt32LE(0, 8); // type_off
  hdr.writeUInt32LE(types.length, 12);
  hdr.writeUInt32LE(types.length, 16); // str_off
  hdr.writeUInt32LE(strings.length, 20);
  return Buffer.concat([hdr, types, strings]);
}

/** BTF id of the named type of a kind (12 = FUNC) in a raw BTF blob such as vmlinux's. */
export function btfFindId(blob, name, kind) {
  const hdrLen = blob.readUInt32LE(4);
  const typeOff = hdrLen + blob.readUInt32LE(8);
  const typeEnd = typeOff + blob.readUInt32LE(12);
  const strOff = hdrLen + blob.readUInt32LE(16);
  const extra = { 1: 4, 3: 12, 4: 12, 5: 12, 6: 8, 13: 8, 14: 4, 15: 12, 17: 4, 19: 12 };
  const perMember = new Set([4, 5, 6, 13, 15, 19]);
  let id = 1;
  for (let p = typeOff; p < typeEnd; id++) {
    const nameOff = blob.readUInt32LE(p);
    const info = blob.readUInt32LE(p + 4);
    const k = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    if (k === kind) {
      const at = strOff + nameOff;
      if (blob.toString('latin1', at, blob.indexOf(0, at)) === name) return id;
    }
    p += 12 + (perMember.has(k) ? (extra[k] ?? 0) * vlen : (extra[k] ?? 0));
  }
  return -1;
}
