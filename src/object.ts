// BpfObject: libbpf's struct bpf_object. It owns its maps and programs, and its own
// module instance, so a trap in one object cannot disturb another.
import { ModuleInstance } from './module/instance.js';
import { LibbpfError, libbpfError, trapError, isTrap, closedError } from './errors.js';
import { BpfMap } from './map.js';
import { BpfProgram } from './program.js';

export interface OpenOptions {
  /** bpf_object_open_opts.object_name */
  objectName?: string;
  /** bpf_object_open_opts.pin_root_path: root for LIBBPF_PIN_BY_NAME maps (libbpf: /sys/fs/bpf) */
  pinRootPath?: string;
  /** bpf_object_open_opts.kconfig: extra Kconfig lines for .kconfig externs */
  kconfig?: string;
  /** bpf_object_open_opts.btf_custom_path: BTF for CO-RE relocations instead of the kernel's */
  btfCustomPath?: string;
  /** bpf_object_open_opts.kernel_log_level: verifier log level for program loads */
  kernelLogLevel?: number;
}

const OPEN_OPTION_KEYS = new Set(['objectName', 'pinRootPath', 'kconfig', 'btfCustomPath', 'kernelLogLevel']);

export class BpfObject {
  /** @internal */ inst: ModuleInstance | null;
  /** @internal */ readonly ptr: number;
  private readonly ownedBuffers: number[];
  private mapList: BpfMap[] | undefined;
  private programList: BpfProgram[] | undefined;
  private readonly objName: string;

  private constructor(inst: ModuleInstance, ptr: number, ownedBuffers: number[]) {
    this.inst = inst;
    this.ptr = ptr;
    this.ownedBuffers = ownedBuffers;
    this.objName = inst.readCString(inst.exports.bpf_object__name(ptr)) ?? '';
  }

  /** bpf_object__open_file (a path) or bpf_object__open_mem (bytes). Nothing is loaded yet. */
  static open(file: string | Uint8Array, opts: OpenOptions = {}): BpfObject {
    if (typeof file !== 'string' && !(file instanceof Uint8Array)) {
      throw new TypeError('BpfObject.open: expected a file path (string) or the object bytes (Uint8Array)');
    }
    if (typeof file === 'string' && file.length === 0) throw new TypeError('BpfObject.open: empty path');
    checkOpenOptions(opts);
    const op = typeof file === 'string' ? 'bpf_object__open_file' : 'bpf_object__open_mem';
    const inst = new ModuleInstance();
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
      inst.lastWarning = '';
      let ptr: number;
      try {
        ptr = inst.exports.lbw_object_open(bytes, typeof file === 'string' ? 0 : file.length, path,
          str(opts.objectName), str(opts.pinRootPath), str(opts.kconfig), str(opts.btfCustomPath),
          opts.kernelLogLevel ?? 0);
      } catch (e) {
        if (isTrap(e)) throw trapError(inst, op, e);
        throw e;
      }
      if (!ptr) throw libbpfError(inst, op, inst.exports.lbw_errno(), typeof file === 'string' ? file : undefined);
      const obj = new BpfObject(inst, ptr, bytes ? [bytes] : []);
      bytes = 0;
      return obj;
    } finally {
      if (!inst.broken) {
        for (const p of strings) inst.exports.free(p);
        if (bytes) inst.exports.free(bytes);
      }
    }
  }

  get name(): string {
    return this.objName;
  }

  get closed(): boolean {
    return this.inst === null;
  }

  get maps(): BpfMap[] {
    this.mapList ??= this.walk('BpfObject.maps', (ex, prev) => ex.bpf_object__next_map(this.ptr, prev),
      (ptr) => new BpfMap(this, ptr));
    return [...this.mapList];
  }

  map(name: string): BpfMap | undefined {
    if (typeof name !== 'string') throw new TypeError('BpfObject.map: expected a map name (string)');
    return this.maps.find((m) => m.name === name);
  }

  get programs(): BpfProgram[] {
    this.programList ??= this.walk('BpfObject.programs',
      (ex, prev) => ex.bpf_object__next_program(this.ptr, prev), (ptr) => new BpfProgram(this, ptr));
    return [...this.programList];
  }

  program(name: string): BpfProgram | undefined {
    if (typeof name !== 'string') throw new TypeError('BpfObject.program: expected a program name (string)');
    return this.programs.find((p) => p.name === name);
  }

  /** bpf_object__load: creates (or reuses pinned) maps, auto-pins, loads programs. */
  load(): void {
    this.call('bpf_object__load', (ex) => ex.bpf_object__load(this.ptr));
  }

  /** bpf_object__pin_maps: every map at path/<name>, or, without a path, at its pin path. */
  pinMaps(path?: string): void {
    this.withPath('bpf_object__pin_maps', path, false, (ex, p) => ex.bpf_object__pin_maps(this.ptr, p));
  }

  unpinMaps(path?: string): void {
    this.withPath('bpf_object__unpin_maps', path, false, (ex, p) => ex.bpf_object__unpin_maps(this.ptr, p));
  }

  pinPrograms(path: string): void {
    this.withPath('bpf_object__pin_programs', path, true, (ex, p) => ex.bpf_object__pin_programs(this.ptr, p));
  }

  unpinPrograms(path: string): void {
    this.withPath('bpf_object__unpin_programs', path, true, (ex, p) => ex.bpf_object__unpin_programs(this.ptr, p));
  }

  /** bpf_object__close: closes every map and program fd; pins stay (they are the point). */
  close(): void {
    const inst = this.inst;
    if (!inst) return;
    this.inst = null;
    if (inst.broken) return;
    try {
      inst.exports.bpf_object__close(this.ptr);
      for (const p of this.ownedBuffers) inst.exports.free(p);
    } catch (e) {
      if (isTrap(e)) throw trapError(inst, 'bpf_object__close', e);
      throw e;
    } finally {
      // Whatever libbpf left open dies with the instance: nothing may outlive close().
      inst.discard();
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** libbpf's bpf_object__next_* iteration, in libbpf's order. */
  private walk<T>(op: string, next: (ex: ModuleInstance['exports'], prev: number) => number,
    wrap: (ptr: number) => T): T[] {
    const ex = this.instance(op).exports;
    const list: T[] = [];
    for (let p = next(ex, 0); p; p = next(ex, p)) list.push(wrap(p));
    return list;
  }

  /** @internal The live instance, or a LibbpfError naming `op` when closed. */
  instance(op: string): ModuleInstance {
    const inst = this.inst;
    if (!inst || inst.broken) {
      this.inst = null;
      throw closedError(op, `bpf_object '${this.objName}'`);
    }
    return inst;
  }

  /** @internal Runs a libbpf call returning 0 or -errno; throws LibbpfError on failure. */
  call(op: string, fn: (ex: ModuleInstance['exports'], inst: ModuleInstance) => number, detail?: string): number {
    const inst = this.instance(op);
    inst.lastWarning = '';
    let r: number;
    try {
      r = fn(inst.exports, inst);
    } catch (e) {
      if (isTrap(e)) {
        this.inst = null;
        throw trapError(inst, op, e);
      }
      throw e;
    }
    if (r < 0) throw libbpfError(inst, op, r, detail);
    return r;
  }

  /** @internal A call taking an optional path string (NULL when absent). */
  withPath(op: string, path: string | null | undefined, required: boolean,
    fn: (ex: ModuleInstance['exports'], pathPtr: number) => number): void {
    if (path === undefined || path === null) {
      if (required) throw new TypeError(`${op}: a path is required`);
    } else if (typeof path !== 'string') {
      throw new TypeError(`${op}: expected a path (string)`);
    }
    const inst = this.instance(op);
    const p = typeof path === 'string' ? inst.cString(path) : 0;
    try {
      this.call(op, (ex) => fn(ex, p), path ?? undefined);
    } finally {
      if (p && !inst.broken) inst.exports.free(p);
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
  const level = opts.kernelLogLevel;
  if (level !== undefined && (!Number.isInteger(level) || level < 0 || level > 0xffffffff)) {
    throw new RangeError('BpfObject.open: kernelLogLevel must be an unsigned 32-bit integer');
  }
}

export { LibbpfError };
