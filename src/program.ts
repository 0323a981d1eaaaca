// BpfProgram: libbpf's struct bpf_program, owned by its BpfObject.
import type { ObjectCore } from './object-core.js';
import { checkInternal } from './object-core.js';

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

  pin(path: string): void {
    this.#core.withPath('bpf_program__pin', path, true, (ex, p) => ex.bpf_program__pin(this.#ptr, p));
  }

  unpin(path: string): void {
    this.#core.withPath('bpf_program__unpin', path, true, (ex, p) => ex.bpf_program__unpin(this.#ptr, p));
  }

  #get(fn: 'bpf_program__type' | 'bpf_program__expected_attach_type' | 'bpf_program__fd' |
    'bpf_program__autoload' | 'bpf_program__insn_cnt'): number {
    return this.#core.invoke(fn, (ex) => ex[fn](this.#ptr));
  }
}
