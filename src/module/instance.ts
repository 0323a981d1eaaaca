// One instance of the libbpf module, with its imports served by the host addon, and the one
// owner of every call into it (invoke): per-call state, held import exceptions, traps, the
// fd ledger. Fds are host fds: the instance records every fd the module opens, so that
// discarding a broken instance closes what libbpf could no longer close itself.
import { addonOrNull, addonRequiredError, addonStatus, type ModuleHost } from '../host/addon.js';
import { noKernelHost } from '../host/no-kernel-host.js';
import { addonImports, IMPORT_NAMES } from '../host/host-abi.gen.js';
import { currentLogger, levelName, loggerLevel, type Logger } from '../logger.js';
import { LibbpfError } from '../errors.js';
import { causeLine } from '../error-cause.js';
import { compiledModule } from './compiled.js';
import type { ModuleExports } from './exports.js';

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();
const EBUSY = 16;
const EBADF = 9;

let importsChecked = false;

export class ModuleInstance {
  /** Host fds the module holds open (the fd ledger). */
  readonly openFds = new Set<number>();
  /** Set when a call trapped or threw through the module: unusable, its fds closed. */
  broken = false;
  /** Where this instance's libbpf prints go; null: the process-wide logger (setLogger). */
  logger: Logger | null = null;
  /** Sees every print (any level) while set, before the logger: BpfObject.load reads the
   *  verifier logs libbpf prints with it. Must not throw. */
  printTap: ((level: number, message: string) => void) | null = null;

  readonly #exports: ModuleExports;
  readonly #memory: WebAssembly.Memory;
  readonly #fdResultCmds: ReadonlySet<number>;
  /** The addon, or where it is not available the no-kernel host (opening and parsing only). */
  readonly #host: ModuleHost;
  /** The host call the no-kernel host refused (ENOSYS) since the last error() was made. */
  #refusedCall: string | null = null;
  #u8: Uint8Array;
  #view: DataView;
  #scratchPtr = 0;
  #scratchSize = 0;
  /** The libbpf function running now; a call made meanwhile (from a logger) is refused. */
  #busy: string | null = null;
  /** Every warning libbpf printed during the current (or last) call. */
  #warnings: string[] = [];
  /** The first exception a logger threw during the current call, re-raised when it returns. */
  #held: { error: unknown } | null = null;
  /** The print level the module was last told (port/print.c starts at debug). */
  #printLevel = 2;

  constructor() {
    const host = addonOrNull() ?? noKernelHost((call) => {
      this.#refusedCall ??= call;
    });
    this.#host = host;
    this.#fdResultCmds = host.fdResultCmds;
    const imports = this.#imports(host);
    const instance = new WebAssembly.Instance(compiledModule(), imports);
    this.#exports = instance.exports as unknown as ModuleExports;
    this.#memory = this.#exports.memory;
    this.#u8 = new Uint8Array(this.#memory.buffer);
    this.#view = new DataView(this.#memory.buffer);
    // libc's and libbpf's constructors (the port installs its print callback there).
    this.invoke('_initialize', (ex) => ex._initialize());
  }

  /**
   * Runs `fn` against the module: the only way in. Refuses a call while another one runs
   * (a logger calling back into the same object); resets the per-call log; holds what a
   * logger throws and re-raises it once libbpf has returned; and when anything escapes
   * the module (a trap, a stack overflow, an import that threw) discards the instance
   * and reports LibbpfError EWASMTRAP.
   */
  invoke<T>(op: string, fn: (ex: ModuleExports, inst: this) => T): T {
    if (this.broken) throw new LibbpfError(op, EBADF, 'EBADF', `${op}: the object was discarded after a trap`);
    this.checkIdle(op);
    this.#busy = op;
    this.#warnings = [];
    this.#held = null;
    let result: T;
    try {
      const level = loggerLevel(this.logger);
      if (level !== this.#printLevel) {
        this.#exports.lbw_set_print_level(level);
        this.#printLevel = level;
      }
      result = fn(this.#exports, this);
    } catch (e) {
      // Callers check their arguments before invoke(): whatever is thrown in here came out
      // of the module (or broke its state half-way), so the instance cannot be trusted.
      throw this.#escaped(op, e);
    } finally {
      this.#busy = null;
    }
    const held = this.#held as { error: unknown } | null; // set by #print during fn
    if (held) {
      this.#held = null;
      throw held.error;
    }
    return result;
  }

  /** Throws EBUSY while a call is running (a logger calling back into its own object). */
  checkIdle(op: string): void {
    if (this.#busy !== null) {
      throw new LibbpfError(op, EBUSY, 'EBUSY',
        `${op}: object is busy in ${this.#busy} (called from a logger while libbpf was running)`);
    }
  }

  /** Warnings libbpf printed during the last call, as printed (each a "libbpf: ..." line). */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /** The LibbpfError for `op` returning -err (or NULL with errno err), with libbpf's text. */
  error(op: string, err: number, detail?: string, warnings: readonly string[] = this.#warnings): LibbpfError {
    const errno = Math.abs(err);
    const ex = this.#exports;
    const buf = this.scratch(256);
    ex.libbpf_strerror(errno, buf, 256);
    const text = this.readCString(buf) ?? `error ${errno}`;
    const code = this.readCString(ex.lbw_errno_name(errno)) ?? `E${errno}`;
    const log = warnings.map((w) => w.trimEnd());
    const refused = this.#refusedCall;
    if (refused !== null) {
      // No addon here, and libbpf failed after a host call it needs was refused.
      this.#refusedCall = null;
      const status = addonStatus();
      return addonRequiredError(op, status.available ? '' : status.reason, refused, log);
    }
    const cause = causeLine(log);
    const message = `${op}${detail ? ` (${detail})` : ''}: ${text} [${code}, -${errno}]` + (cause ? `\n${cause}` : '');
    return new LibbpfError(op, errno, code, message, { log });
  }

  /** A byte view of linear memory, valid until the module next runs. */
  get u8(): Uint8Array {
    if (this.#u8.buffer !== this.#memory.buffer) this.#refreshViews();
    return this.#u8;
  }

  get view(): DataView {
    if (this.#view.buffer !== this.#memory.buffer) this.#refreshViews();
    return this.#view;
  }

  /** Bytes of linear memory now in use (it never shrinks). */
  get memoryBytes(): number {
    return this.#memory.buffer.byteLength;
  }

  #refreshViews(): void {
    this.#u8 = new Uint8Array(this.#memory.buffer);
    this.#view = new DataView(this.#memory.buffer);
  }

  /** A module buffer of at least `size` bytes, reused across calls: use inside invoke(). */
  scratch(size: number): number {
    if (size > this.#scratchSize) {
      const want = Math.max(size, 256, this.#scratchSize * 2);
      const ptr = this.#exports.malloc(want);
      if (!ptr) throw new RangeError(`libbpf-wasm: cannot allocate ${want} bytes in the module`);
      if (this.#scratchPtr) this.#exports.free(this.#scratchPtr);
      this.#scratchPtr = ptr;
      this.#scratchSize = want;
    }
    return this.#scratchPtr;
  }

  /**
   * Frees the scratch buffer (the facade's, not libbpf's): an instance going back to the pool
   * holds no memory of its last object, so its heap can be compared with the start of its use.
   */
  dropScratch(): void {
    if (this.#scratchPtr && !this.broken) this.#exports.free(this.#scratchPtr);
    this.#scratchPtr = 0;
    this.#scratchSize = 0;
  }

  /** Copies a JS string into a new NUL-terminated module string; free it with free(). */
  cString(s: string): number {
    const bytes = textEncoder.encode(s);
    if (bytes.includes(0)) throw new TypeError(`libbpf-wasm: string contains a NUL byte: ${JSON.stringify(s)}`);
    const ptr = this.#exports.malloc(bytes.length + 1);
    if (!ptr) throw new RangeError(`libbpf-wasm: cannot allocate ${bytes.length + 1} bytes in the module`);
    const u8 = this.u8;
    u8.set(bytes, ptr);
    u8[ptr + bytes.length] = 0;
    return ptr;
  }

  /** Copies bytes into a new module buffer; free it with free(). */
  copyIn(bytes: Uint8Array): number {
    const ptr = this.#exports.malloc(Math.max(bytes.length, 1));
    if (!ptr) throw new RangeError(`libbpf-wasm: cannot allocate ${bytes.length} bytes in the module`);
    this.u8.set(bytes, ptr);
    return ptr;
  }

  free(ptr: number): void {
    if (ptr && !this.broken) this.#exports.free(ptr);
  }

  readCString(ptr: number): string | null {
    if (!ptr) return null;
    const u8 = this.u8;
    const end = u8.indexOf(0, ptr);
    return textDecoder.decode(u8.subarray(ptr, end < 0 ? u8.length : end));
  }

  /** Gives the pages of the module's free memory back to the OS (see port/heap.c). */
  releaseFreePages(): number {
    return this.invoke('lbw_release_free_pages', (ex) => ex.lbw_release_free_pages());
  }

  /** Bytes of the module heap in use (dlmalloc's count). */
  heapInUse(): number {
    return this.invoke('lbw_heap_in_use', (ex) => ex.lbw_heap_in_use());
  }

  /** Marks the instance unusable and closes every fd the module still holds. */
  discard(): void {
    this.broken = true;
    for (const fd of this.openFds) this.#host.close(fd);
    this.openFds.clear();
  }

  #escaped(op: string, cause: unknown): LibbpfError {
    this.discard();
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    return new LibbpfError(op, 0, 'EWASMTRAP',
      `${op}: the libbpf module trapped (${what}); the object that made this call is discarded ` +
      '(its fds closed), other objects and later calls are not affected',
      { cause, log: this.#warnings.map((w) => w.trimEnd()) });
  }

  #print(level: number, text: number, len: number): void {
    const message = textDecoder.decode(this.u8.subarray(text, text + len));
    if (level === 0) this.#warnings.push(message);
    this.printTap?.(level, message);
    try {
      (this.logger ?? currentLogger())(levelName(level), message);
    } catch (e) {
      // Never unwind through libbpf: hold it, re-raise when the libbpf call returns.
      this.#held ??= { error: e };
    }
  }

  #imports(host: ModuleHost): WebAssembly.Imports {
    const fds = this.openFds;
    const fdResultCmds = this.#fdResultCmds;
    const ownFd = (fd: number): number => {
      if (fd >= 0) fds.add(fd);
      return fd;
    };
    const mem = (): ArrayBuffer => this.#memory.buffer as ArrayBuffer;
    // WASI calls report errors in the module libc's numbering.
    const wasiErrno = (r: number): number => (r < 0 ? this.#exports.lbw_errno_to_module(-r) : 0);
    const setU32 = (ptr: number, v: number) => this.view.setUint32(ptr, v, true);
    let env: { bytes: Uint8Array; offsets: number[] } | null = null;

    const bpfhost = {
      ...addonImports(host, {
        memory: mem,
        ownFd,
        ownBpfResult: (cmd, r) => (fdResultCmds.has(cmd) ? ownFd(r) : r),
      }),
      print: (level: number, text: number, len: number) => this.#print(level, text, len),
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
        fds.delete(fd); // released whatever close() answered
        return wasiErrno(r);
      },
      // libc's start-up asks for the sizes, then the strings: one encoding serves both.
      environ_sizes_get: (countPtr: number, sizePtr: number) => {
        env = environBlock();
        setU32(countPtr, env.offsets.length);
        setU32(sizePtr, env.bytes.length);
        return 0;
      },
      environ_get: (environ: number, buf: number) => {
        const { bytes, offsets } = env ?? environBlock();
        env = null;
        offsets.forEach((at, i) => setU32(environ + 4 * i, buf + at));
        this.u8.set(bytes, buf);
        return 0;
      },
      // time(NULL) (netlink.c's sequence numbers): realtime (0) from the wall clock, the
      // others from the monotonic clock.
      clock_time_get: (id: number, _precision: bigint, time: number) => {
        const ns = id === 0 ? BigInt(Date.now()) * 1_000_000n : process.hrtime.bigint();
        this.view.setBigUint64(time, ns, true);
        return 0;
      },
      proc_exit: (code: number) => {
        throw new Error(`libbpf-wasm: the module called exit(${code})`);
      },
    };

    const all = {
      bpfhost,
      wasi_snapshot_preview1: wasi,
      env: { emscripten_notify_memory_growth: () => this.#refreshViews() },
    };
    if (!importsChecked) {
      checkImports(all);
      importsChecked = true;
    }
    return all;
  }
}

/** The import object must serve exactly what libbpf-wasm/host-abi.json declares. */
function checkImports(all: Record<string, Record<string, unknown>>): void {
  const served = Object.entries(all).flatMap(([m, fns]) => Object.keys(fns).map((n) => `${m}.${n}`));
  const missing = IMPORT_NAMES.filter((n) => !served.includes(n));
  const extra = served.filter((n) => !IMPORT_NAMES.includes(n));
  if (missing.length || extra.length) {
    throw new Error(`libbpf-wasm: import glue and host-abi.json disagree (missing: ${missing.join(', ') || '-'}; ` +
      `undeclared: ${extra.join(', ') || '-'})`);
  }
}

/** process.env as libc's environ block: "k=v\0" strings back to back, and where each starts. */
function environBlock(): { bytes: Uint8Array; offsets: number[] } {
  const strings = Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ''}\0`);
  const bytes = textEncoder.encode(strings.join(''));
  const offsets: number[] = [];
  let at = 0;
  for (const s of strings) {
    offsets.push(at);
    at += Buffer.byteLength(s);
  }
  return { bytes, offsets };
}
