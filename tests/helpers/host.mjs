// The host addon and a "module memory" for its tests: a WebAssembly.Memory with a bump
// allocator, writing and reading structs by the layouts from attr.mjs.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layout } from './attr.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const host = require(join(root, 'host', 'build', 'Release', 'bpfhost.node'));

/** Linux errno numbers the tests expect (the host returns -errno). */
export const E = {
  EPERM: 1, ENOENT: 2, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16,
  EEXIST: 17, ENOTDIR: 20, EINVAL: 22, ENOSPC: 28, ERANGE: 34, ENAMETOOLONG: 36,
  ENOTSUPP: 524, E2BIG: 7, EOPNOTSUPP: 95,
};

const cmdValues = Object.fromEntries(
  host.pointerTable().filter((r) => r.role === 'last-field').map((r) => [r.cmd, r.cmdValue]),
);
/** BPF command numbers, from the host's own table (which the table test checks). */
export const CMD = new Proxy(cmdValues, {
  get(t, k) {
    if (!(k in t)) throw new Error(`unknown command ${String(k)}`);
    return t[k];
  },
});

export class ModuleMemory {
  constructor(pages = 16) {
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: 65536 });
    this.next = 64; // offset 0 is the module's NULL
    this.L = layout();
  }
  get buf() {
    return this.memory.buffer;
  }
  get dv() {
    return new DataView(this.memory.buffer);
  }
  get u8() {
    return new Uint8Array(this.memory.buffer);
  }
  get size() {
    return this.memory.buffer.byteLength;
  }
  alloc(n, align = 8) {
    this.next = Math.ceil(this.next / align) * align;
    const off = this.next;
    this.next += Math.max(n, 1);
    while (this.next > this.size) this.memory.grow(16);
    this.u8.fill(0, off, off + n);
    return off;
  }
  bytes(data) {
    const off = this.alloc(data.length);
    this.u8.set(data, off);
    return off;
  }
  cstr(s) {
    return this.bytes(Buffer.from(`${s}\0`));
  }
  readCstr(off, max = 4096) {
    const u = this.u8.subarray(off, off + max);
    const end = u.indexOf(0);
    return Buffer.from(u.subarray(0, end < 0 ? u.length : end)).toString();
  }
  /** Allocates a zeroed struct (sizeof from the header) and writes fields into it. */
  struct(name, fields = {}, size = this.L.sizes[name]) {
    const off = this.alloc(size);
    this.write(off, name, fields);
    return off;
  }
  write(off, name, fields) {
    for (const [k, v] of Object.entries(fields)) {
      const f = this.L[name][k];
      if (!f) throw new Error(`${name}.${k} is not in the declared layout`);
      const at = off + f.offset;
      if (typeof v === 'string') {
        this.u8.fill(0, at, at + f.size);
        this.u8.set(Buffer.from(v).subarray(0, f.size - 1), at);
      } else if (f.size === 8) this.dv.setBigUint64(at, BigInt(v), true);
      else if (f.size === 4) this.dv.setUint32(at, v >>> 0, true);
      else if (f.size === 2) this.dv.setUint16(at, v, true);
      else throw new Error(`${name}.${k}: cannot write a ${f.size}-byte field`);
    }
  }
  read(off, name, k) {
    const f = this.L[name][k];
    if (!f) throw new Error(`${name}.${k} is not in the declared layout`);
    const at = off + f.offset;
    if (f.size === 8) return this.dv.getBigUint64(at, true);
    if (f.size === 4) return this.dv.getUint32(at, true);
    return this.u8.slice(at, at + f.size);
  }
  /** bpf(cmd, attr) with a fresh attr holding `fields`; returns {r, attr}. */
  bpf(cmd, fields = {}, size = this.L.sizes.bpf_attr) {
    const attr = this.struct('bpf_attr', fields, Math.max(size, this.L.sizes.bpf_attr));
    return { r: host.bpf(this.buf, typeof cmd === 'string' ? CMD[cmd] : cmd, attr, size), attr };
  }
}
