// libbpf's netlink API (netlink.c): legacy XDP attach/detach/query and tc hooks and filters.
// They work on interfaces of this process's network namespace, by index; programs by fd
// (a BpfProgram's, or any loaded program's).
import { int32Arg, u32Arg } from './args.js';
import { withHint } from './attach-hints.js';
import { progFdArg } from './attach.js';
import { utilityCall } from './module/utility.js';
import type { BpfProgram } from './program.js';

/** XDP attach flags (linux/if_link.h). */
export const XdpFlags = Object.freeze({
  UPDATE_IF_NOEXIST: 1, SKB_MODE: 2, DRV_MODE: 4, HW_MODE: 8, REPLACE: 16,
} as const);

/** What bpf_xdp_query reports for an interface (0: none). */
export interface XdpQueryResult {
  progId: number; drvProgId: number; hwProgId: number; skbProgId: number;
  /** enum: 0 none, 1 drv, 2 skb, 3 hw, 4 multi. */
  attachMode: number;
}

/** bpf_xdp_attach: attaches (or with XdpFlags.REPLACE and oldProg, replaces) through netlink. */
export function xdpAttach(ifindex: number, prog: BpfProgram | number, flags = 0, oldProg?: BpfProgram | number): void {
  const op = 'bpf_xdp_attach';
  const idx = int32Arg(op, 'ifindex', ifindex, 1);
  const fd = progFdArg(op, prog);
  const f = u32Arg(op, 'flags', flags);
  const old = oldProg === undefined ? 0 : progFdArg(op, oldProg);
  utilityCall(op, (inst) => inst.invoke(op, (ex) => ex.lbw_xdp_attach(idx, fd, f, old)), `ifindex ${idx}`,
    (e) => withHint(e, 'xdp', `ifindex ${idx}`));
}

/** bpf_xdp_detach. */
export function xdpDetach(ifindex: number, flags = 0): void {
  const op = 'bpf_xdp_detach';
  const idx = int32Arg(op, 'ifindex', ifindex, 1);
  const f = u32Arg(op, 'flags', flags);
  utilityCall(op, (inst) => inst.invoke(op, (ex) => ex.lbw_xdp_detach(idx, f)), `ifindex ${idx}`,
    (e) => withHint(e, 'xdp', `ifindex ${idx}`));
}

/** bpf_xdp_query. */
export function xdpQuery(ifindex: number, flags = 0): XdpQueryResult {
  const op = 'bpf_xdp_query';
  const idx = int32Arg(op, 'ifindex', ifindex, 1);
  const f = int32Arg(op, 'flags', flags, 0);
  let out: number[] = [];
  utilityCall(op, (inst) => {
    const buf = inst.scratch(20);
    const r = inst.invoke(op, (ex) => ex.lbw_xdp_query(idx, f, buf));
    if (r === 0) out = [0, 1, 2, 3, 4].map((i) => inst.view.getUint32(buf + 4 * i, true));
    return r;
  }, `ifindex ${idx}`, (e) => withHint(e, 'xdp', `ifindex ${idx}`));
  const [progId, drvProgId, hwProgId, skbProgId, attachMode] = out;
  return { progId, drvProgId, hwProgId, skbProgId, attachMode };
}

/** enum bpf_tc_attach_point. */
export const TcAttachPoint = Object.freeze({ INGRESS: 1, EGRESS: 2, CUSTOM: 4 } as const);

/** Where a TcHook is (struct bpf_tc_hook): the interface, and the clsact hook or custom parent. */
export interface TcHookOptions {
  ifindex: number;
  /** 'ingress', 'egress', both (the clsact qdisc hooks), or 'custom' with a parent handle. */
  attachPoint: 'ingress' | 'egress' | 'ingress+egress' | 'custom';
  parent?: number;
}

/** Which tc filter (struct bpf_tc_opts' handle and priority). */
export interface TcFilter {
  /** The filter's handle and priority (0: let the kernel choose, reported back). */
  handle?: number;
  priority?: number;
}

/** A tc filter as the kernel reports it: its handle, priority and program id. */
export interface TcFilterInfo { handle: number; priority: number; progId: number }

const TC_OPS = { attach: 0, detach: 1, query: 2 } as const;
const BPF_TC_F_REPLACE = 1;

/** A tc hook (bpf_tc_hook): the clsact qdisc's ingress/egress, or a custom parent. */
export class TcHook {
  /** The interface's index. */
  readonly ifindex: number;
  /** enum bpf_tc_attach_point (see TcAttachPoint). */
  readonly attachPoint: number;
  /** The parent handle of a custom hook (0 otherwise). */
  readonly parent: number;

  /** Describes the hook; create() makes the clsact qdisc, attach() adds a filter. */
  constructor(opts: TcHookOptions) {
    const op = 'TcHook';
    if (typeof opts !== 'object' || opts === null) throw new TypeError(`${op}: expected { ifindex, attachPoint, parent? }`);
    this.ifindex = int32Arg(op, 'ifindex', opts.ifindex, 1);
    const points = { 'ingress': 1, 'egress': 2, 'ingress+egress': 3, 'custom': 4 } as const;
    const ap = points[opts.attachPoint];
    if (ap === undefined) throw new TypeError(`${op}: attachPoint must be 'ingress', 'egress', 'ingress+egress' or 'custom'`);
    this.attachPoint = ap;
    this.parent = opts.parent === undefined ? 0 : u32Arg(op, 'parent', opts.parent);
  }

  /** bpf_tc_hook_create: adds the clsact qdisc (EEXIST when it is there already). */
  create(): void { this.#hook('bpf_tc_hook_create', 1); }
  /** bpf_tc_hook_destroy: removes the qdisc and every filter on it. */
  destroy(): void { this.#hook('bpf_tc_hook_destroy', 0); }

  /** bpf_tc_attach: a direct-action filter; replace: true overwrites the same handle/priority. */
  attach(prog: BpfProgram | number, opts: TcFilter & { replace?: boolean } = {}): TcFilterInfo {
    const op = 'bpf_tc_attach';
    const fd = progFdArg(op, prog);
    return this.#filter(op, TC_OPS.attach, opts, fd, opts.replace ? BPF_TC_F_REPLACE : 0);
  }

  /** bpf_tc_detach: handle and priority must be given. */
  detach(filter: TcFilter): void { this.#filter('bpf_tc_detach', TC_OPS.detach, filter, 0, 0); }

  /** bpf_tc_query: the program at handle/priority. */
  query(filter: TcFilter): TcFilterInfo { return this.#filter('bpf_tc_query', TC_OPS.query, filter, 0, 0); }

  #hook(op: string, create: number): void {
    utilityCall(op, (inst) => inst.invoke(op, (ex) => ex.lbw_tc_hook(create, this.ifindex, this.attachPoint, this.parent)),
      `ifindex ${this.ifindex}`, (e) => withHint(e, 'tc', `ifindex ${this.ifindex}`));
  }

  #filter(op: string, code: number, f: TcFilter, progFd: number, flags: number): TcFilterInfo {
    if (typeof f !== 'object' || f === null) throw new TypeError(`${op}: expected { handle, priority }`);
    const handle = f.handle === undefined ? 0 : u32Arg(op, 'handle', f.handle);
    const priority = f.priority === undefined ? 0 : u32Arg(op, 'priority', f.priority);
    let out: TcFilterInfo = { handle, priority, progId: 0 };
    utilityCall(op, (inst) => {
      const io = inst.scratch(20);
      const v = inst.view;
      [handle, priority, progFd, flags, 0].forEach((x, i) => v.setUint32(io + 4 * i, x, true));
      const r = inst.invoke(op, (ex) => ex.lbw_tc_op(code, this.ifindex, this.attachPoint, this.parent, io));
      if (r === 0) {
        const w = inst.view;
        out = { handle: w.getUint32(io, true), priority: w.getUint32(io + 4, true), progId: w.getUint32(io + 16, true) };
      }
      return r;
    }, `ifindex ${this.ifindex}`, (e) => withHint(e, 'tc', `ifindex ${this.ifindex}`));
    return out;
  }
}
