// BPF_ENABLE_STATS through libbpf's bpf_enable_stats: programs' run_cnt and run_time_ns
// (ProgramInfo) count while the returned object is open.
import { sharedInstance, releaseFromLedger } from './module/shared.js';
import { OwnedFd } from './owned-fd.js';

const BPF_STATS_RUN_TIME = 0;

/** BPF_ENABLE_STATS held open: programs' run_cnt and run_time_ns count until close(). */
export interface StatsSession {
  close(): void;
  [Symbol.dispose](): void;
}

/**
 * bpf_enable_stats(BPF_STATS_RUN_TIME): the kernel counts programs' runs and run time while the
 * session is open.
 */
export function enableStats(): StatsSession {
  const op = 'bpf_enable_stats';
  const inst = sharedInstance(op);
  const r = inst.invoke(op, (ex) => ex.bpf_enable_stats(BPF_STATS_RUN_TIME));
  if (r < 0) throw inst.error(op, r, 'BPF_STATS_RUN_TIME');
  const fd = new OwnedFd(releaseFromLedger(inst, r), 'enableStats() session');
  return { close: () => fd.close(), [Symbol.dispose]: () => fd.close() };
}
