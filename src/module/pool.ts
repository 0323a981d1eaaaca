// Instances are reused: creating one costs a WebAssembly.Instance, libc's start-up and
// libbpf's feature probes, which native libbpf runs once per process. An instance comes back
// to the pool only after a clean close: not broken by a trap, no fd left in its ledger, and
// its heap exactly as it was when it was handed out (so no libbpf state survives but what
// native libbpf also keeps per process: the feature-probe cache). Its free pages go back to
// the OS while it waits, unless it is one of the few kept warm (residency.ts). Per thread
// (module state), bounded.
import { ModuleInstance } from './instance.js';
import { forget, idleNow, isWarm } from './residency.js';

const POOL_SIZE = 4;
const idle: ModuleInstance[] = [];
const heapAtAcquire = new WeakMap<ModuleInstance, number>();

/** An instance for one object: from the pool, or new. */
export function acquireInstance(): ModuleInstance {
  const inst = idle.pop() ?? new ModuleInstance();
  heapAtAcquire.set(inst, inst.heapInUse());
  return inst;
}

/** Takes an instance back after its object closed; anything doubtful is discarded instead. */
export function releaseInstance(inst: ModuleInstance): void {
  inst.dropScratch(); // map and info calls leave it allocated; it was not there at acquire
  const clean = !inst.broken && inst.openFds.size === 0 && inst.heapInUse() === heapAtAcquire.get(inst);
  if (!clean || idle.length >= POOL_SIZE) {
    forget(inst);
    inst.discard();
    return;
  }
  inst.logger = null;
  idleNow(inst);
  if (!isWarm(inst)) inst.releaseFreePages();
  idle.push(inst);
}

/** For tests: how many instances wait in the pool. */
export function pooledInstances(): number {
  return idle.length;
}
