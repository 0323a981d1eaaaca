// One instance of the libbpf module, with its imports served by the host addon. Fds are
// host fds: the instance records every fd the module opens, so that discarding a broken
// instance (after a trap) closes what libbpf could no longer close itself.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hostAddon, type HostAddon } from '../host/addon.js';
import { BpfCmd } from '../bpf-enums.js';
import { emitLibbpfPrint } from '../logger.js';
import type { ModuleExports } from './exports.js';

const wasmPath = fileURLToPath(new URL('../../libbpf-wasm/dist/libbpf.wasm', import.meta.url));
let compiled: WebAssembly.Module | undefined;

function compiledModule(): WebAssembly.Module {
  if (!compiled) {
    if (!existsSync(wasmPath)) {
      throw new Error(`libbpf-wasm: the WebAssembly module is not built (${wasmPath}); run \`npm run setup\``);
    }
    compiled = new WebAssembly.Module(readFileSync(wasmPath));
  }
  return compiled;
}

/** bpf() commands whose result is a new fd. */
const FD_RESULT_CMDS = new Set<number>([
  BpfCmd.MAP_CREATE, BpfCmd.PROG_LOAD, BpfCmd.OBJ_GET, BpfCmd.PROG_GET_FD_BY_ID,
  BpfCmd.MAP_GET_FD_BY_ID, BpfCmd.RAW_TRACEPOINT_OPEN, BpfCmd.BTF_LOAD, BpfCmd.BTF_GET_FD_BY_ID,
  BpfCmd.LINK_CREATE, BpfCmd.LINK_GET_FD_BY_ID, BpfCmd.ENABLE_STATS, BpfCmd.ITER_CREATE,
]);
const F_DUPFD = 0;
const F_DUPFD_CLOEXEC = 1030;
const textDecoder = new TextDecoder();

export class ModuleInstance {
  readonly exports: ModuleExports;
  readonly memory: WebAssembly.Memory;
  /** Host fds the module holds open. */
  readonly openFds = new Set<number>();
  /** Set when a call trapped: the instance is unusable and its fds were closed. */
  broken = false;
  /** The last warning libbpf printed, for error messages; reset per facade call. */
  lastWarning = '';

  private u8Cache: Uint8Array;
  private dvCache: DataView;
  private scratchPtr = 0;
  private scratchSize = 0;

  constructor() {
    const host = hostAddon();
    const imports = this.imports(host);
    const instance = new WebAssembly.Instance(compiledModule(), imports);
    this.exports = instance.exports as unknown as ModuleExports;
    this.memory = this.exports.memory;
    this.u8Cache = new Uint8Array(this.memory.buffer);
    this.dvCache = new DataView(this.memory.buffer);
    // Runs libc's and libbpf's constructors (the port installs its print callback there).
    this.exports._initialize();
  }

  /** A byte view of linear memory, valid until the next call into the module. */
  get u8(): Uint8Array {
    if (this.u8Cache.buffer !== this.memory.buffer) this.refreshViews();
    return this.u8Cache;
  }

  get view(): DataView {
    if (this.dvCache.buffer !== this.memory.buffer) this.refreshViews();
    return this.dvCache;
  }

  private refreshViews(): void {
    this.u8Cache = new Uint8Array(this.memory.buffer);
    this.dvCache = new DataView(this.memory.buffer);
  }

  /** A module buffer of at least `size` bytes, reused across calls (no per-call malloc). */
  scratch(size: number): number {
    if (size > this.scratchSize) {
      const want = Math.max(size, 256, this.scratchSize * 2);
      const ptr = this.exports.malloc(want);
      if (!ptr) throw new RangeError(`libbpf-wasm: cannot allocate ${want} bytes in the module`);
      if (this.scratchPtr) this.exports.free(this.scratchPtr);
      this.scratchPtr = ptr;
      this.scratchSize = want;
    }
    return this.scratchPtr;
  }

  /** Copies a JS string into a new NUL-terminated module string; the caller frees it. */
  cString(s: string): number {
    const bytes = new TextEncoder().encode(s);
    if (bytes.includes(0)) throw new TypeError(`libbpf-wasm: string contains a NUL byte: ${JSON.stringify(s)}`);
    const ptr = this.exports.malloc(bytes.length + 1);
    if (!ptr) throw new RangeError(`libbpf-wasm: cannot allocate ${bytes.length + 1} bytes in the module`);
    const u8 = this.u8;
    u8.set(bytes, ptr);
    u8[ptr + bytes.length] = 0;
    return ptr;
  }

  /** Copies bytes into a new module buffer; the caller frees it. */
  copyIn(bytes: Uint8Array): number {
    const ptr = this.exports.malloc(Math.max(bytes.length, 1));
    if (!ptr) throw new RangeError(`libbpf-wasm: cannot allocate ${bytes.length} bytes in the module`);
    this.u8.set(bytes, ptr);
    return ptr;
  }

  readCString(ptr: number): string | null {
    if (!ptr) return null;
    const u8 = this.u8;
    const end = u8.indexOf(0, ptr);
    return textDecoder.decode(u8.subarray(ptr, end < 0 ? u8.length : end));
  }

  /** Closes every fd the module still holds: used when a trap leaves libbpf unable to. */
  discard(): void {
    this.broken = true;
    const host = hostAddon();
    for (const fd of this.openFds) host.close(fd);
    this.openFds.clear();
  }

  private imports(host: HostAddon): WebAssembly.Imports {
    const mem = (): ArrayBuffer => this.memory.buffer as ArrayBuffer;
    const fds = this.openFds;
    const trackFd = (fd: number): number => {
      if (fd >= 0) fds.add(fd);
      return fd;
    };
    // WASI calls report errors in the module libc's numbering.
    const wasiErrno = (r: number): number => (r < 0 ? this.exports.lbw_errno_to_module(-r) : 0);
    const setU32 = (ptr: number, v: number) => this.view.setUint32(ptr, v, true);

    const bpfhost = {
      bpf: (cmd: number, attr: number, size: number): number => {
        const r = host.bpf(mem(), cmd, attr, size);
        if (r >= 0 && FD_RESULT_CMDS.has(cmd)) fds.add(r);
        return r;
      },
      openat: (dirfd: number, path: number, flags: number, mode: number) =>
        trackFd(host.openat(mem(), dirfd, path, flags, mode)),
      fstat: (fd: number, out: number) => host.fstat(mem(), fd, out),
      fstatat: (dirfd: number, path: number, out: number, flags: number) =>
        host.fstatat(mem(), dirfd, path, out, flags),
      statfs: (path: number, out: number) => host.statfs(mem(), path, out),
      mkdirat: (dirfd: number, path: number, mode: number) => host.mkdirat(mem(), dirfd, path, mode),
      unlinkat: (dirfd: number, path: number, flags: number) => host.unlinkat(mem(), dirfd, path, flags),
      faccessat: (dirfd: number, path: number, mode: number, flags: number) =>
        host.faccessat(mem(), dirfd, path, mode, flags),
      dup3: (oldfd: number, newfd: number, flags: number) => {
        fds.delete(newfd); // dup3 closes newfd first when it is open
        return trackFd(host.dup3(oldfd, newfd, flags));
      },
      fcntl: (fd: number, cmd: number, arg: number) => {
        const r = host.fcntl(fd, cmd, arg);
        return cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC ? trackFd(r) : r;
      },
      uname: (out: number) => host.uname(mem(), out),
      getpid: () => host.getpid(),
      geteuid: () => host.geteuid(),
      getrlimit: (resource: number, out: number) => host.getrlimit(mem(), resource, out),
      setrlimit: (resource: number, inp: number) => host.setrlimit(mem(), resource, inp),
      page_size: () => host.pageSize(),
      print: (level: number, text: number, len: number) => {
        const message = textDecoder.decode(this.u8.subarray(text, text + len));
        if (level === 0) this.lastWarning = message;
        emitLibbpfPrint(level, message);
      },
    };

    const wasi = {
      fd_write: (fd: number, iovs: number, iovcnt: number, nwritten: number) => {
        const r = host.writev(mem(), fd, iovs, iovcnt);
        if (r >= 0) setU32(nwritten, r);
        return wasiErrno(r);
      },
      fd_read: (fd: number, iovs: number, iovcnt: number, nread: number) => {
        const r = host.readv(mem(), fd, iovs, iovcnt);
        if (r >= 0) setU32(nread, r);
        return wasiErrno(r);
      },
      fd_pread: (fd: number, iovs: number, iovcnt: number, offset: bigint, nread: number) => {
        const r = host.preadv(mem(), fd, iovs, iovcnt, offset);
        if (r >= 0) setU32(nread, r);
        return wasiErrno(r);
      },
      fd_seek: (fd: number, offset: bigint, whence: number, newOffset: number) => {
        const r = host.lseek(fd, offset, whence);
        if (r < 0n) return wasiErrno(Number(r));
        this.view.setBigUint64(newOffset, r, true);
        return 0;
      },
      fd_close: (fd: number) => {
        const r = host.close(fd);
        fds.delete(fd);
        return wasiErrno(r);
      },
      environ_sizes_get: (countPtr: number, sizePtr: number) => {
        const env = environBytes();
        setU32(countPtr, env.length);
        setU32(sizePtr, env.reduce((n, e) => n + e.length, 0));
        return 0;
      },
      environ_get: (environ: number, buf: number) => {
        let p = buf;
        for (const [i, e] of environBytes().entries()) {
          setU32(environ + 4 * i, p);
          this.u8.set(e, p);
          p += e.length;
        }
        return 0;
      },
      proc_exit: (code: number) => {
        throw new Error(`libbpf-wasm: the module called exit(${code})`);
      },
    };

    return {
      bpfhost,
      wasi_snapshot_preview1: wasi,
      env: { emscripten_notify_memory_growth: () => this.refreshViews() },
    };
  }
}

function environBytes(): Uint8Array[] {
  const enc = new TextEncoder();
  return Object.entries(process.env).map(([k, v]) => enc.encode(`${k}=${v ?? ''}\0`));
}
