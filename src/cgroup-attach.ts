// libbpf's fd-based attach API (bpf.c): bpf_prog_attach / bpf_prog_detach2 / bpf_prog_query,
// for cgroup programs (and the other targets PROG_ATTACH takes: sockmaps, netns, lirc).
import { int32Arg, u32Arg } from './args.js';
import { withHint } from './attach-hints.js';
import { progFdArg as progFd, withTargetFd } from './attach.js';
import { utilityCall } from './module/utility.js';
import type { BpfProgram } from './program.js';

/** BPF_F_ALLOW_OVERRIDE, BPF_F_ALLOW_MULTI, BPF_F_REPLACE. */
export const ProgAttachFlags = Object.freeze({ ALLOW_OVERRIDE: 1, ALLOW_MULTI: 2, REPLACE: 4 } as const);

/** bpf_prog_attach(prog, target, attachType, flags); target: a cgroup path or any target fd. */
export function progAttach(target: string | number, prog: BpfProgram | number, attachType: number, flags = 0): void {
  const op = 'bpf_prog_attach';
  const fd = progFd(op, prog), type = u32Arg(op, 'attachType', attachType), f = u32Arg(op, 'flags', flags);
  withTargetFd(op, 'target', target, (tfd, label) => utilityCall(op,
    (inst) => inst.invoke(op, (ex) => ex.bpf_prog_attach(fd, tfd, type, f)), label, (e) => withHint(e, 'cgroup', label)));
}

/** bpf_prog_detach2(prog, target, attachType). */
export function progDetach(target: string | number, prog: BpfProgram | number, attachType: number): void {
  const op = 'bpf_prog_detach2';
  const fd = progFd(op, prog), type = u32Arg(op, 'attachType', attachType);
  withTargetFd(op, 'target', target, (tfd, label) => utilityCall(op,
    (inst) => inst.invoke(op, (ex) => ex.bpf_prog_detach2(fd, tfd, type)), label, (e) => withHint(e, 'cgroup', label)));
}

/** bpf_prog_query's answer: the attach flags and the ids of the programs attached. */
export interface ProgQueryResult { attachFlags: number; progIds: number[] }

/** bpf_prog_query: the programs attached at target for attachType (up to 64). */
export function progQuery(target: string | number, attachType: number, queryFlags = 0): ProgQueryResult {
  const op = 'bpf_prog_query';
  const type = u32Arg(op, 'attachType', attachType), qf = u32Arg(op, 'queryFlags', queryFlags);
  const MAX = 64;
  let result: ProgQueryResult = { attachFlags: 0, progIds: [] };
  withTargetFd(op, 'target', target, (tfd, label) => utilityCall(op, (inst) => {
    const buf = inst.scratch(8 + 4 * MAX);
    const r = inst.invoke(op, (ex) => ex.lbw_prog_query(tfd, type, qf, buf, buf + 8, MAX));
    if (r === 0) {
      const v = inst.view;
      const n = Math.min(v.getUint32(buf + 4, true), MAX);
      result = { attachFlags: v.getUint32(buf, true), progIds: Array.from({ length: n }, (_, i) => v.getUint32(buf + 8 + 4 * i, true)) };
    }
    return r;
  }, label, (e) => withHint(e, 'cgroup', label)));
  return result;
}
