// BpfProgram: libbpf's struct bpf_program, owned by its BpfObject.
import type { ObjectCore } from './object-core.js';
import { int32Arg, u32Arg } from './args.js';
import { checkInternal } from './object-core.js';
import { LibbpfError } from './errors.js';
import { programInfoReader, readInfo, type ProgramInfo, type ProgramInfoOptions } from './info.js';
import { testRun, type TestRunOptions, type TestRunResult } from './test-run.js';

const BPF_INSN_SIZE = 8;
import { attachLink, attachTargetCall, ifindexArg, optBool, optCookie, optString, optU32, withTargetFd } from './attach.js';
import type { BpfLink } from './link.js';

/** Options of attachKprobe (bpf_kprobe_opts). */
export interface KprobeOptions { retprobe?: boolean; offset?: number; cookie?: number | bigint }
/** kprobe_multi: a glob over kernel function names (libbpf resolves it in /proc/kallsyms),
 *  or the function names themselves (the kernel resolves them). */
export interface KprobeMultiOptions { pattern?: string; syms?: string[]; retprobe?: boolean }
/** Options of attachPerfEvent (bpf_perf_event_opts). */
export interface PerfEventOptions { cookie?: number | bigint }
/** Options of attachKsyscall (bpf_ksyscall_opts). */
export interface KsyscallOptions { retprobe?: boolean; cookie?: number | bigint }
/** Options of attachUprobe (bpf_uprobe_opts, with the binary and pid libbpf takes as arguments). */
export interface UprobeOptions {
  binaryPath: string;
  /** A function of the binary (libbpf resolves it, offset is then relative to it), or none with an offset. */
  funcName?: string;
  offset?: number;
  /** -1 (default): every process. */
  pid?: number;
  retprobe?: boolean;
  cookie?: number | bigint;
  /** File offset of the probe's USDT semaphore, which the kernel counts up while attached. */
  refCtrOffset?: number;
}
/** Options of attachTrace (bpf_trace_opts). */
export interface TraceOptions { cookie?: number | bigint }
/** Options of attachUsdt (bpf_usdt_opts, with the binary, provider, name and pid). */
export interface UsdtOptions { binaryPath: string; provider: string; name: string; pid?: number; cookie?: number | bigint }
/** Options of attachIter: the map a map-element iterator walks. */
export interface IterOptions { mapFd?: number }

const pointers = new WeakMap<BpfProgram, number>();
const verifierLogs = new WeakMap<BpfProgram, string>();

/** @internal The verifier log its load left in the program's log buffer (src/object.ts). */
export function setVerifierLog(prog: BpfProgram, text: string): void {
  verifierLogs.set(prog, text);
}

/** @internal libbpf's struct bpf_program pointer of a program (never public). */
export function programPointer(prog: BpfProgram): number | undefined {
  return pointers.get(prog);
}

/** libbpf's struct bpf_program: one program of a BpfObject, configured before load, attached after. */
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

  /** bpf_program__name: the program's function name. */
  get name(): string { return this.#name; }
  /** bpf_program__section_name: its SEC() name. */
  get sectionName(): string { return this.#section; }
  /** The kernel's enum bpf_prog_type (see ProgType), as libbpf detected it from SEC(). */
  get type(): number { return this.#get('bpf_program__type'); }
  /** enum bpf_attach_type (see AttachType). */
  get expectedAttachType(): number { return this.#get('bpf_program__expected_attach_type'); }
  /** The program's fd once loaded; before (or when not autoloaded) libbpf's -ENOENT (-2). */
  get fd(): number { return this.#get('bpf_program__fd'); }
  /** bpf_program__autoload: whether load() loads it. */
  get autoload(): boolean { return this.#get('bpf_program__autoload') !== 0; }
  /** Instructions, after libbpf's relocations once loaded. */
  get insnCount(): number { return this.#get('bpf_program__insn_cnt'); }
  /** Whether obj.attach() attaches it (libbpf's autoattach; SEC()s with no target cannot). */
  get autoattach(): boolean { return this.#get('bpf_program__autoattach') !== 0; }

  /** bpf_program__log_level: the verifier log level its load asks for (0: none; 1, 2 and
   *  4 are flags: basic, every instruction's state, statistics). */
  get logLevel(): number { return this.#get('bpf_program__log_level'); }

  /** bpf_program__set_log_level, before load: the program's log then ends up in
   *  `verifierLog` after load(), failed or not. */
  setLogLevel(level: number): void {
    const op = 'bpf_program__set_log_level';
    u32Arg(op, 'level', level);
    this.#core.call(op, (ex) => ex.bpf_program__set_log_level(this.#ptr, level), this.#name);
  }

  /** The kernel verifier's log of this program's load, as libbpf reported it: when its log
   *  level was set (setLogLevel, OpenOptions.kernelLogLevel), or when the kernel refused it
   *  (libbpf then retries with level 1). Undefined before load() and otherwise. */
  get verifierLog(): string | undefined { return verifierLogs.get(this); }

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

  /**
   * bpf_program__set_attach_target, before load: the function an fentry/fexit/freplace
   * program attaches to, in the loaded program attachProgFd (0: in the kernel's BTF).
   */
  setAttachTarget(attachProgFd: number, funcName?: string): void {
    const op = 'bpf_program__set_attach_target';
    const fd = optU32(op, 'attachProgFd', attachProgFd);
    const f = optString(op, 'funcName', funcName);
    attachTargetCall(this.#core, op, this.#name, f, (ex, p) => ex.bpf_program__set_attach_target(this.#ptr, fd, p));
  }

  /** bpf_program__pin: pins the loaded program at `path` (on a bpffs). */
  pin(path: string): void {
    this.#core.withPath('bpf_program__pin', path, true, (ex, p) => ex.bpf_program__pin(this.#ptr, p));
  }

  /** bpf_program__unpin: removes the pin at `path`. */
  unpin(path: string): void {
    this.#core.withPath('bpf_program__unpin', path, true, (ex, p) => ex.bpf_program__unpin(this.#ptr, p));
  }

  #loadedFd(op: string): number {
    const fd = this.fd;
    if (fd < 0) throw new LibbpfError(op, 2, 'ENOENT', `${op}: program '${this.#name}' is not loaded`);
    return fd;
  }

  // ---- attach (libbpf.c's bpf_program__attach_*): each returns a BpfLink ----

  /** bpf_program__attach: by the program's SEC() (tracepoint/..., xdp, kprobe/..., iter/...). */
  attach(): BpfLink {
    return attachLink(this.#core, 'bpf_program__attach', 'auto', this.#section, [],
      (ex) => ex.bpf_program__attach(this.#ptr));
  }

  /** bpf_program__attach_raw_tracepoint: a raw tracepoint by name (sched_switch, ...). */
  attachRawTracepoint(name: string): BpfLink {
    const n = optString('bpf_program__attach_raw_tracepoint', 'name', name ?? '');
    return attachLink(this.#core, 'bpf_program__attach_raw_tracepoint', 'raw_tracepoint', n, [n],
      (ex, [p]) => ex.bpf_program__attach_raw_tracepoint(this.#ptr, p));
  }

  /**
   * bpf_program__attach_tracepoint_opts: tracepoint category/name (syscalls/sys_enter_execve),
   * with a BPF cookie.
   */
  attachTracepoint(category: string, name: string, opts: { cookie?: number | bigint } = {}): BpfLink {
    const op = 'bpf_program__attach_tracepoint';
    const c = optString(op, 'category', category ?? ''), n = optString(op, 'name', name ?? '');
    const cookie = optCookie(op, opts.cookie);
    return attachLink(this.#core, op, 'tracepoint', `${c}/${n}`, [c, n],
      (ex, [pc, pn]) => ex.lbw_attach_tracepoint(this.#ptr, pc, pn, cookie));
  }

  /** bpf_program__attach_kprobe_opts: a kprobe (or kretprobe) on a kernel function. */
  attachKprobe(func: string, opts: KprobeOptions = {}): BpfLink {
    const op = 'bpf_program__attach_kprobe_opts';
    const f = optString(op, 'func', func ?? '');
    const retprobe = optBool(op, 'retprobe', opts.retprobe), offset = optU32(op, 'offset', opts.offset);
    const cookie = optCookie(op, opts.cookie);
    return attachLink(this.#core, op, 'kprobe', f, [f],
      (ex, [p]) => ex.lbw_attach_kprobe(this.#ptr, p, retprobe ? 1 : 0, offset, cookie));
  }

  /** bpf_program__attach_kprobe_multi_opts: one link for many kernel functions. */
  attachKprobeMulti(opts: KprobeMultiOptions): BpfLink {
    const op = 'bpf_program__attach_kprobe_multi_opts';
    if (typeof opts !== 'object' || opts === null) throw new TypeError(`${op}: expected options { pattern } or { syms }`);
    const pattern = optString(op, 'pattern', opts.pattern);
    const syms = symsArg(op, opts.syms);
    if ((pattern === undefined) === (syms.length === 0)) throw new TypeError(`${op}: give either pattern or syms`);
    const retprobe = optBool(op, 'retprobe', opts.retprobe) ? 1 : 0;
    const inst = this.#core.instance(op);
    return attachLink(this.#core, op, 'kprobe', pattern ?? syms.join(','), [pattern, ...syms], (ex, [p, ...names]) => {
      if (!names.length) return ex.lbw_attach_kprobe_multi(this.#ptr, p, 0, 0, retprobe);
      // The array of char * libbpf hands to the kernel (the host widens its entries).
      const arr = inst.copyIn(new Uint8Array(Uint32Array.from(names).buffer));
      try {
        return ex.lbw_attach_kprobe_multi(this.#ptr, 0, arr, names.length, retprobe);
      } finally {
        inst.free(arr);
      }
    });
  }

  /** bpf_program__attach_perf_event_opts: a perf event fd opened elsewhere; the link owns it from then on. */
  attachPerfEvent(pfd: number, opts: PerfEventOptions = {}): BpfLink {
    const op = 'bpf_program__attach_perf_event_opts';
    const fd = int32Arg(op, 'pfd', pfd, 0);
    const cookie = optCookie(op, opts.cookie);
    const link = attachLink(this.#core, op, 'perf_event', `perf event fd ${fd}`, [],
      (ex) => ex.lbw_attach_perf_event(this.#ptr, fd, cookie));
    // The link closes pfd when destroyed: the instance's fd ledger owns it now, so closing
    // the object closes it too (a failed attach leaves it to the caller, as libbpf does).
    this.#core.instance(op).openFds.add(fd);
    return link;
  }

  /**
   * bpf_program__attach_ksyscall: a kprobe on a syscall by its name (openat), whatever the kernel
   * calls its handler.
   */
  attachKsyscall(name: string, opts: KsyscallOptions = {}): BpfLink {
    const op = 'bpf_program__attach_ksyscall';
    const n = optString(op, 'name', name ?? '');
    const retprobe = optBool(op, 'retprobe', opts.retprobe), cookie = optCookie(op, opts.cookie);
    return attachLink(this.#core, op, 'ksyscall', n, [n],
      (ex, [p]) => ex.lbw_attach_ksyscall(this.#ptr, p, retprobe ? 1 : 0, cookie));
  }

  /**
   * bpf_program__attach_uprobe_opts: a uprobe (or uretprobe) on a function or offset of a binary
   * or library.
   */
  attachUprobe(opts: UprobeOptions): BpfLink {
    const op = 'bpf_program__attach_uprobe_opts';
    if (typeof opts !== 'object' || opts === null) throw new TypeError(`${op}: expected options { binaryPath, funcName?, offset?, pid?, retprobe? }`);
    const bin = optString(op, 'binaryPath', opts.binaryPath ?? '');
    const fn = optString(op, 'funcName', opts.funcName);
    const offset = optU32(op, 'offset', opts.offset), pid = pidArg(op, opts.pid);
    const retprobe = optBool(op, 'retprobe', opts.retprobe), cookie = optCookie(op, opts.cookie);
    const refCtr = optU32(op, 'refCtrOffset', opts.refCtrOffset);
    return attachLink(this.#core, op, 'uprobe', `${bin}${fn ? `:${fn}` : ''}`, [bin, fn],
      (ex, [pb, pf]) => ex.lbw_attach_uprobe(this.#ptr, pid, pb, pf, offset, retprobe ? 1 : 0, cookie, refCtr));
  }

  /** bpf_program__attach_usdt: a USDT probe (provider:name) of a binary. */
  attachUsdt(opts: UsdtOptions): BpfLink {
    const op = 'bpf_program__attach_usdt';
    if (typeof opts !== 'object' || opts === null) throw new TypeError(`${op}: expected options { binaryPath, provider, name, pid?, cookie? }`);
    const bin = optString(op, 'binaryPath', opts.binaryPath ?? '');
    const prov = optString(op, 'provider', opts.provider ?? ''), name = optString(op, 'name', opts.name ?? '');
    const pid = pidArg(op, opts.pid), cookie = optCookie(op, opts.cookie);
    return attachLink(this.#core, op, 'usdt', `${bin}:${prov}:${name}`, [bin, prov, name],
      (ex, [pb, pp, pn]) => ex.lbw_attach_usdt(this.#ptr, pid, pb, pp, pn, cookie));
  }

  /** fentry/fexit/fmod_ret/tp_btf programs (bpf_program__attach_trace_opts; cookie: bpf_get_attach_cookie()). */
  attachTrace(opts: TraceOptions = {}): BpfLink {
    const op = 'bpf_program__attach_trace_opts';
    const cookie = optCookie(op, opts.cookie);
    return attachLink(this.#core, op, 'trace', this.#section, [], (ex) => ex.lbw_attach_trace(this.#ptr, cookie));
  }

  /** bpf_program__attach_lsm: an LSM hook (SEC("lsm/...")). */
  attachLsm(): BpfLink {
    return attachLink(this.#core, 'bpf_program__attach_lsm', 'lsm', this.#section, [],
      (ex) => ex.bpf_program__attach_lsm(this.#ptr));
  }

  /** A cgroup link (cgroup v2 directory path, or an fd). */
  attachCgroup(cgroupPathOrFd: string | number): BpfLink {
    const op = 'bpf_program__attach_cgroup';
    return withTargetFd(op, 'cgroup', cgroupPathOrFd, (fd, label) => attachLink(this.#core, op, 'cgroup', label, [],
      (ex) => ex.bpf_program__attach_cgroup(this.#ptr, fd)));
  }

  /** A network namespace link (sk_lookup, flow_dissector): a netns path (/proc/PID/ns/net, /run/netns/NAME) or an fd. */
  attachNetns(netnsPathOrFd: string | number): BpfLink {
    const op = 'bpf_program__attach_netns';
    return withTargetFd(op, 'netns', netnsPathOrFd, (fd, label) => attachLink(this.#core, op, 'netns', label, [],
      (ex) => ex.bpf_program__attach_netns(this.#ptr, fd)));
  }

  /** An XDP link on an interface of this process's network namespace. */
  attachXdp(ifnameOrIndex: string | number): BpfLink {
    const op = 'bpf_program__attach_xdp';
    const { ifindex, label } = ifindexArg(this.#core.instance(op), op, ifnameOrIndex);
    return attachLink(this.#core, op, 'xdp', label, [], (ex) => ex.bpf_program__attach_xdp(this.#ptr, ifindex));
  }

  /** An iterator link; read its output with link.readIter(). */
  attachIter(opts: IterOptions = {}): BpfLink {
    const op = 'bpf_program__attach_iter';
    const mapFd = opts.mapFd === undefined ? -1 : optU32(op, 'mapFd', opts.mapFd);
    return attachLink(this.#core, op, 'iter', this.#section, [], (ex) => ex.lbw_attach_iter(this.#ptr, mapFd));
  }

  /** Replaces function funcName of the loaded program targetFd (freplace). */
  attachFreplace(targetFd: number, funcName: string): BpfLink {
    const op = 'bpf_program__attach_freplace';
    const fd = optU32(op, 'targetFd', targetFd), f = optString(op, 'funcName', funcName ?? '');
    return attachLink(this.#core, op, 'freplace', f, [f],
      (ex, [p]) => ex.bpf_program__attach_freplace(this.#ptr, fd, p));
  }

  #get(fn: 'bpf_program__type' | 'bpf_program__expected_attach_type' | 'bpf_program__fd' |
    'bpf_program__autoload' | 'bpf_program__insn_cnt' | 'bpf_program__autoattach' | 'bpf_program__log_level'): number {
    return this.#core.invoke(fn, (ex) => ex[fn](this.#ptr));
  }
}

/** kprobe_multi's function names: none (undefined) or 1..2^20 non-empty strings. */
function symsArg(op: string, syms: unknown): string[] {
  if (syms === undefined) return [];
  if (!Array.isArray(syms) || syms.length === 0 || syms.length > 1 << 20 ||
    !syms.every((x) => typeof x === 'string' && x !== '')) {
    throw new TypeError(`${op}: syms must be an array of 1 to 2^20 function names`);
  }
  return syms;
}

function pidArg(op: string, pid: unknown): number {
  if (pid === undefined) return -1;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid < -1 || pid > 0x7fffffff) {
    throw new TypeError(`${op}: pid must be -1 (every process) or a process id`);
  }
  return pid;
}
