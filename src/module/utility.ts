// A module instance for libbpf calls that belong to no object (legacy XDP and tc through
// netlink, cgroup prog attach/query, links opened from pins): one per thread, made on first
// use and made anew if a call ever discarded it.
import { LibbpfError } from '../errors.js';
import { ModuleInstance } from './instance.js';

let shared: ModuleInstance | null = null;

export function utilityInstance(): ModuleInstance {
  if (!shared || shared.broken) shared = new ModuleInstance();
  return shared;
}

/** One call returning 0 or -errno on the utility instance: the result, or a LibbpfError. */
export function utilityCall(op: string, fn: (inst: ModuleInstance) => number, detail?: string,
  decorate: (e: LibbpfError) => LibbpfError = (e) => e): number {
  const inst = utilityInstance();
  inst.checkIdle(op);
  const r = fn(inst);
  if (r < 0) throw decorate(inst.error(op, r, detail));
  return r;
}
