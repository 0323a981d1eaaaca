// BpfObject: libbpf's struct bpf_object. It owns its maps and programs, and its own
// module instance, so a trap in one object cannot disturb another.
import { acquireInstance, releaseInstance } from './module/pool.js';
import { hostAddon } from './host/addon.js';
import { afterBigWork } from './module/residency.js';
import { LibbpfError, annotate } from './errors.js';
import { u32Arg } from './args.js';
import { isVerifierLogPrint, printedVerifierLogs } from './verifier-log.js';
import { loadFailure } from './load-failure.js';
import type { ModuleExports } from './module/exports.js';
import type { BpfLink } from './link.js';
import { checkLogger, type Logger } from './logger.js';
import { ObjectCore, INTERNAL } from './object-core.js';
import { BpfMap, mapPointer } from './map.js';
import { BpfProgram, programPointer, setVerifierLog } from './program.js';
import { objectBtf, type Btf } from './btf/btf.js';
import { createGlobals } from './btf/globals.js';

/**
 * Options of BpfObject.open: libbpf's struct bpf_object_open_opts, and where the object's prints
 * go.
 */
export interface OpenOptions {
  /** bpf_object_open_opts.object_name */
  objectName?: string;
  /** bpf_object_open_opts.pin_root_path: root for LIBBPF_PIN_BY_NAME maps (libbpf: /sys/fs/bpf) */
  pinRootPath?: string;
  /** bpf_object_open_opts.kconfig: extra Kconfig lines for .kconfig externs */
  kconfig?: string;
  /** bpf_object_open_opts.btf_custom_path: BTF for CO-RE relocations instead of the kernel's */
  btfCustomPath?: string;
  /** bpf_object_open_opts.kernel_log_level: the verifier log level of every program (1, 2 or
   *  4, combined as flags; each program's setLogLevel() can change its own). A program with a
   *  level set has its log in `prog.verifierLog` after load(), failed or not. */
  kernelLogLevel?: number;
  /** Where this object's libbpf prints go (default: the process-wide logger, setLogger). */
  logger?: Logger;
}

const OPEN_OPTION_KEYS = new Set(['objectName', 'pinRootPath', 'kconfig', 'btfCustomPath', 'kernelLogLevel', 'logger']);

/**
 * libbpf's struct bpf_object: an ELF object opened (BpfObject.open), then loaded into the kernel
 * (load()); its maps and programs live as long as it does.
 */
export class BpfObject {
  readonly #core: ObjectCore;
  readonly #ownedBuffers: number[];
  #maps: BpfMap[] | undefined;
  #programs: BpfProgram[] | undefined;
  #globals: Record<string, unknown> | undefined;

  /** @internal Use BpfObject.open(). */
  constructor(token: symbol, core: ObjectCore, ownedBuffers: number[]) {
    if (token !== INTERNAL) throw new TypeError('BpfObject cannot be constructed directly; use BpfObject.open()');
    this.#core = core;
    this.#ownedBuffers = ownedBuffers;
  }

  /** bpf_object__open_file (a path) or bpf_object__open_mem (bytes). Nothing is loaded yet. */
  static open(file: string | Uint8Array, opts: OpenOptions = {}): BpfObject {
    if (typeof file !== 'string' && !(file instanceof Uint8Array)) {
      throw new TypeError('BpfObject.open: expected a file path (string) or the object bytes (Uint8Array)');
    }
    if (typeof file === 'string' && file.length === 0) throw new TypeError('BpfObject.open: empty path');
    checkOpenOptions(opts);
    const op = typeof file === 'string' ? 'bpf_object__open_file' : 'bpf_object__open_mem';
    const inst = acquireInstance();
    if (opts.logger) inst.logger = opts.logger;
    let opened: BpfObject | undefined;
    const strings: number[] = [];
    const str = (s: string | undefined): number => {
      if (s === undefined) return 0;
      const p = inst.cString(s);
      strings.push(p);
      return p;
    };
    let bytes = 0;
    try {
      const path = typeof file === 'string' ? str(file) : 0;
      // libbpf keeps a pointer to the bytes it opened from: they live as long as the object.
      if (typeof file !== 'string') bytes = inst.copyIn(file);
      const args = [str(opts.objectName), str(opts.pinRootPath), str(opts.kconfig), str(opts.btfCustomPath)] as const;
      // errno is read in the same call, so that the error keeps this call's warnings.
      const [ptr, err] = inst.invoke(op, (ex) => {
        const p = ex.lbw_object_open(bytes, typeof file === 'string' ? 0 : file.length, path, ...args,
          opts.kernelLogLevel ?? 0);
        return [p, p ? 0 : ex.lbw_errno()];
      });
      if (!ptr) {
        const e = inst.error(op, err, typeof file === 'string' ? file : undefined);
        throw typeof file === 'string' ? annotate(e, { path: file }) : e;
      }
      opened = new BpfObject(INTERNAL, new ObjectCore(inst, ptr), bytes ? [bytes] : []);
      bytes = 0;
      return opened;
    } finally {
      for (const p of strings) inst.free(p);
      inst.free(bytes);
      // A failed open owns nothing the user can close: release every fd libbpf left open
      // (libbpf 1.1.2 itself leaks the fd when libelf rejects the file).
      if (!opened) releaseInstance(inst);
    }
  }

  /** bpf_object__name: the object's name (the file name without .o, or objectName). */
  get name(): string {
    return this.#core.name;
  }

  /** Whether close() ran (or the object was discarded after a trap). */
  get closed(): boolean {
    return this.#core.closed;
  }

  /** Every map, in libbpf's order (bpf_object__next_map). */
  get maps(): BpfMap[] {
    this.#maps ??= this.#walk('BpfObject.maps', (ex, prev) => ex.bpf_object__next_map(this.#core.ptr, prev))
      .map((ptr) => new BpfMap(INTERNAL, this.#core, ptr));
    return [...this.#maps];
  }

  /** bpf_object__find_map_by_name: a map by name, or an internal map by its real name ('.rodata'). */
  map(name: string): BpfMap | undefined {
    const ptr = this.#findByName('BpfObject.map', 'bpf_object__find_map_by_name', name);
    return this.maps.find((m) => mapPointer(m) === ptr);
  }

  /** Every program, in libbpf's order (bpf_object__next_program). */
  get programs(): BpfProgram[] {
    this.#programs ??= this.#walk('BpfObject.programs',
      (ex, prev) => ex.bpf_object__next_program(this.#core.ptr, prev))
      .map((ptr) => new BpfProgram(INTERNAL, this.#core, ptr));
    return [...this.#programs];
  }

  /** bpf_object__find_program_by_name. */
  program(name: string): BpfProgram | undefined {
    const ptr = this.#findByName('BpfObject.program', 'bpf_object__find_program_by_name', name);
    return this.programs.find((p) => programPointer(p) === ptr);
  }

  /** bpf_object__btf: the object's BTF (types of maps and globals), or null without BTF. */
  get btf(): Btf | null {
    return objectBtf(this.#core);
  }

  /** The global variables by name (src/btf/globals.ts): before load(), their initial
   *  values; after, the kernel maps'. */
  get globals(): Record<string, unknown> {
    return (this.#globals ??= createGlobals(this.#core, this.maps));
  }

  /**
   * bpf_object__load: creates (or reuses pinned) maps, auto-pins, loads programs. On a
   * failure the LibbpfError names the cause: `program` and `verifierLog` when the kernel
   * refused a program (the message ends with the log's last lines), `path` and `hint` for
   * a pin problem. Programs with a log level set get `verifierLog` either way.
   */
  load(): void {
    hostAddon('bpf_object__load'); // ENOADDON before libbpf starts, where the addon is missing
    const op = 'bpf_object__load';
    const inst = this.#core.instance(op);
    const programs = this.programs;
    const logPrints: string[] = []; // libbpf's prints of verifier logs (src/verifier-log.ts)
    inst.printTap = (_level, message) => {
      if (isVerifierLogPrint(message)) logPrints.push(message);
    };
    let failure: LibbpfError | undefined;
    try {
      this.#core.call(op, (ex) => ex.bpf_object__load(this.#core.ptr));
    } catch (e) {
      if (!(e instanceof LibbpfError)) throw e;
      failure = e;
    } finally {
      inst.printTap = null;
      const logs = printedVerifierLogs(logPrints);
      for (const prog of programs) {
        const text = logs.get(prog.name);
        if (text !== undefined) setVerifierLog(prog, text);
      }
      if (failure) {
        failure = loadFailure(failure, {
          core: this.#core, logs, sections: new Map(programs.map((p) => [p.name, p.sectionName])),
          maps: new Map(this.maps.map((m) => [m.name, mapPointer(m)!])),
        });
      }
      // libbpf parsed vmlinux BTF (megabytes) and freed it: those pages go back (residency.ts).
      if (!this.#core.closed) afterBigWork(this.#core.instance(op));
    }
    if (failure) throw failure;
  }

  /** bpf_object__pin_maps: every map at path/<name>, or, without a path, at its pin path. */
  pinMaps(path?: string): void {
    this.#core.withPath('bpf_object__pin_maps', path, false, (ex, p) => ex.bpf_object__pin_maps(this.#core.ptr, p));
  }

  /** bpf_object__unpin_maps: removes every map's pin (at path/<name>, or at its pin path). */
  unpinMaps(path?: string): void {
    this.#core.withPath('bpf_object__unpin_maps', path, false, (ex, p) => ex.bpf_object__unpin_maps(this.#core.ptr, p));
  }

  /** bpf_object__pin_programs: pins every loaded program at path/<name>. */
  pinPrograms(path: string): void {
    this.#core.withPath('bpf_object__pin_programs', path, true,
      (ex, p) => ex.bpf_object__pin_programs(this.#core.ptr, p));
  }

  /** bpf_object__unpin_programs: removes the pins pinPrograms(path) made. */
  unpinPrograms(path: string): void {
    this.#core.withPath('bpf_object__unpin_programs', path, true,
      (ex, p) => ex.bpf_object__unpin_programs(this.#core.ptr, p));
  }

  /**
   * Attaches every loaded program libbpf can attach from its SEC() alone, as a skeleton's
   * attach does (programs whose SEC() names no target, such as plain "xdp" or "kprobe",
   * are skipped: libbpf answers EOPNOTSUPP for them). All or nothing: on a failure the
   * links made so far are destroyed and the LibbpfError is thrown.
   */
  attach(): BpfLink[] {
    const links: BpfLink[] = [];
    try {
      for (const prog of this.programs) {
        if (!prog.autoload || !prog.autoattach || prog.fd < 0) continue;
        try {
          links.push(prog.attach());
        } catch (e) {
          if (e instanceof LibbpfError && e.code === 'EOPNOTSUPP') continue;
          throw e;
        }
      }
    } catch (e) {
      for (const l of links) l.destroy();
      throw e;
    }
    return links;
  }

  /** bpf_object__close: closes every map and program fd; pins stay (they are the point). */
  close(): void {
    this.#core.close(this.#ownedBuffers);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** libbpf's bpf_object__next_* iteration, in libbpf's order. */
  #walk(op: string, next: (ex: ModuleExports, prev: number) => number): number[] {
    return this.#core.invoke(op, (ex) => {
      const list: number[] = [];
      for (let p = next(ex, 0); p; p = next(ex, p)) list.push(p);
      return list;
    });
  }

  #findByName(op: string, fn: 'bpf_object__find_map_by_name' | 'bpf_object__find_program_by_name',
    name: string): number {
    if (typeof name !== 'string') throw new TypeError(`${op}: expected a name (string)`);
    const inst = this.#core.instance(op);
    const p = inst.cString(name);
    try {
      return this.#core.invoke(fn, (ex) => ex[fn](this.#core.ptr, p));
    } finally {
      inst.free(p);
    }
  }
}

function checkOpenOptions(opts: OpenOptions): void {
  if (typeof opts !== 'object' || opts === null) throw new TypeError('BpfObject.open: options must be an object');
  for (const key of Object.keys(opts)) {
    if (!OPEN_OPTION_KEYS.has(key)) throw new TypeError(`BpfObject.open: unknown option '${key}'`);
  }
  for (const key of ['objectName', 'pinRootPath', 'kconfig', 'btfCustomPath'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'string') {
      throw new TypeError(`BpfObject.open: option '${key}' must be a string`);
    }
  }
  if (opts.logger !== undefined) checkLogger('BpfObject.open: option \'logger\'', opts.logger);
  if (opts.kernelLogLevel !== undefined) u32Arg('BpfObject.open', 'option \'kernelLogLevel\'', opts.kernelLogLevel);
}

export { LibbpfError };
