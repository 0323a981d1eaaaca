// BpfProgram: libbpf's struct bpf_program, owned by its BpfObject.
import type { ObjectCore } from './object-core.js';
import { checkInternal } from './object-core.js';
import { LibbpfError } from './errors.js';
import { programInfoReader, readInfo, type ProgramInfo, type ProgramInfoOptions } from './info.js';
import { testRun, type TestRunOptions, type TestRunResult } from './test-run.js';

const BPF_INSN_SIZE = 8;

const pointers = new WeakMap<BpfProgram, number>();

/** @internal libbpf's struct bpf_program pointer of a program (never public). */
export function programPointer(prog: BpfProgram): number | undefined {
  return pointers.get(prog);
}

export class BpfProgram {
  readonly #ptr: number;
  readonly #core: ObjectCore;
  readonly #name: string;
  readonly #section: string;

  /** @internal Programs come from obj.programs and obj.program(name). */
  constructor(token: symbol, core: ObjectCore, ptr: number) {
    checkInternal(token, 'BpfProgram', 'obj.programs or obj.program(name)');
    this.#core = core;
    this.#ptr = ptr;
    [this.#name, this.#section] = core.invoke('bpf_program__name', (ex, inst) => [
      inst.readCString(ex.bpf_program__name(ptr)) ?? '',
      inst.readCString(ex.bpf_program__section_name(ptr)) ?? '',
    ]);
    pointers.set(this, ptr);
  }

  get name(): string { return this.#name; }
  get sectionName(): string { return this.#section; }
  /** The kernel's enum bpf_prog_type (see ProgType), as libbpf detected it from SEC(). */
  get type(): number { return this.#get('bpf_program__type'); }
  /** enum bpf_attach_type (see AttachType). */
  get expectedAttachType(): number { return this.#get('bpf_program__expected_attach_type'); }
  /** The program's fd once loaded; before (or when not autoloaded) libbpf's -ENOENT (-2). */
  get fd(): number { return this.#get('bpf_program__fd'); }
  get autoload(): boolean { return this.#get('bpf_program__autoload') !== 0; }
  /** Instructions, after libbpf's relocations once loaded. */
  get insnCount(): number { return this.#get('bpf_program__insn_cnt'); }

  /** bpf_program__set_autoload: only between open and load. */
  setAutoload(autoload: boolean): void {
    if (typeof autoload !== 'boolean') throw new TypeError('BpfProgram.setAutoload: expected a boolean');
    this.#core.call('bpf_program__set_autoload', (ex) => ex.bpf_program__set_autoload(this.#ptr, autoload ? 1 : 0),
      this.#name);
  }

  /** bpf_program__insns: the instructions as libbpf holds them now (8 bytes each; before
   *  load, after libbpf's relocations once loaded). */
  instructions(): Uint8Array {
    const op = 'bpf_program__insns';
    return this.#core.invoke(op, (ex, inst) => {
      const p = ex.bpf_program__insns(this.#ptr);
      return p ? inst.u8.slice(p, p + ex.bpf_program__insn_cnt(this.#ptr) * BPF_INSN_SIZE) : new Uint8Array(0);
    });
  }

  /** The kernel's view of the loaded program (BPF_OBJ_GET_INFO_BY_FD). */
  info(opts: ProgramInfoOptions = {}): ProgramInfo {
    const op = 'bpf_obj_get_info_by_fd';
    return readInfo(this.#core.instance(op), op, this.#loadedFd(op), this.#name, programInfoReader(opts));
  }

  /** bpf_prog_test_run_opts: runs the loaded program on `data`/`ctx` without attaching it. */
  testRun(opts: TestRunOptions = {}): TestRunResult {
    const op = 'bpf_prog_test_run_opts';
    return testRun(this.#core.instance(op), op, this.#loadedFd(op), this.#name, opts);
  }

  pin(path: string): void {
    this.#core.withPath('bpf_program__pin', path, true, (ex, p) => ex.bpf_program__pin(this.#ptr, p));
  }

  unpin(path: string): void {
    this.#core.withPath('bpf_program__unpin', path, true, (ex, p) => ex.bpf_program__unpin(this.#ptr, p));
  }

  #loadedFd(op: string): number {
    const fd = this.fd;
    if (fd < 0) throw new LibbpfError(op, 2, 'ENOENT', `${op}: program '${this.#name}' is not loaded`);
    return fd;
  }

  #get(fn: 'bpf_program__type' | 'bpf_program__expected_attach_type' | 'bpf_program__fd' |
    'bpf_program__autoload' | 'bpf_program__insn_cnt'): number {
    return this.#core.invoke(fn, (ex) => ex[fn](this.#ptr));
  }
}
