// The module instance serving handles (MapHandle, ProgramHandle, ...): one per thread,
// created on first use and replaced if a trap discards it. Handles own their fds
// (OwnedFd), so an fd a call returns is taken out of the instance's ledger: discarding
// the instance must not close fds that handles still own.
import { ModuleInstance } from './instance.js';

let shared: ModuleInstance | null = null;

/** The live, idle shared instance (EBUSY while a call runs, e.g. from a logger). */
export function sharedInstance(op: string): ModuleInstance {
  if (!shared || shared.broken) shared = new ModuleInstance();
  shared.checkIdle(op);
  return shared;
}

/** Hands an fd the module just returned to its new owner. */
export function releaseFromLedger(inst: ModuleInstance, fd: number): number {
  inst.openFds.delete(fd);
  return fd;
}
