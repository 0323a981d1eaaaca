// libbpf_num_possible_cpus: the CPUs a per-CPU map holds a value for (fixed while the
// system runs, so asked once).
import { sharedInstance } from './module/shared.js';

let cpus = 0;

/**
 * libbpf_num_possible_cpus: the number of possible CPUs (the count of per-CPU values in a per-CPU
 * map's element).
 */
export function possibleCpus(): number {
  if (cpus > 0) return cpus;
  const op = 'libbpf_num_possible_cpus';
  const inst = sharedInstance(op);
  const r = inst.invoke(op, (ex) => ex.libbpf_num_possible_cpus());
  if (r < 0) throw inst.error(op, r);
  return (cpus = r);
}
