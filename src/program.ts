// BpfProgram: libbpf's struct bpf_program, owned by its BpfObject.
import type { BpfObject } from './object.js';
import type { ModuleInstance } from './module/instance.js';

export class BpfProgram {
  /** @internal */ readonly ptr: number;
  private readonly obj: BpfObject;
  private readonly progName: string;
  private readonly section: string;

  /** @internal */
  constructor(obj: BpfObject, ptr: number) {
    this.obj = obj;
    this.ptr = ptr;
    const inst = obj.instance('BpfProgram');
    this.progName = inst.readCString(inst.exports.bpf_program__name(ptr)) ?? '';
    this.section = inst.readCString(inst.exports.bpf_program__section_name(ptr)) ?? '';
  }

  get name(): string { return this.progName; }
  get sectionName(): string { return this.section; }
  /** The kernel's enum bpf_prog_type (see ProgType), as libbpf detected it from SEC(). */
  get type(): number { return this.ex('BpfProgram.type').bpf_program__type(this.ptr); }
  /** enum bpf_attach_type (see AttachType). */
  get expectedAttachType(): number {
    return this.ex('BpfProgram.expectedAttachType').bpf_program__expected_attach_type(this.ptr);
  }
  /** The program's fd once loaded; before (or when not autoloaded) libbpf's -ENOENT (-2). */
  get fd(): number { return this.ex('BpfProgram.fd').bpf_program__fd(this.ptr); }
  get autoload(): boolean { return this.ex('BpfProgram.autoload').bpf_program__autoload(this.ptr) !== 0; }
  /** Instructions, after libbpf's relocations once loaded. */
  get insnCount(): number { return this.ex('BpfProgram.insnCount').bpf_program__insn_cnt(this.ptr); }

  /** bpf_program__set_autoload: only between open and load. */
  setAutoload(autoload: boolean): void {
    if (typeof autoload !== 'boolean') throw new TypeError('BpfProgram.setAutoload: expected a boolean');
    this.obj.call('bpf_program__set_autoload', (ex) => ex.bpf_program__set_autoload(this.ptr, autoload ? 1 : 0),
      this.progName);
  }

  pin(path: string): void {
    this.obj.withPath('bpf_program__pin', path, true, (ex, p) => ex.bpf_program__pin(this.ptr, p));
  }

  unpin(path: string): void {
    this.obj.withPath('bpf_program__unpin', path, true, (ex, p) => ex.bpf_program__unpin(this.ptr, p));
  }

  private ex(op: string): ModuleInstance['exports'] {
    return this.obj.instance(op).exports;
  }
}
