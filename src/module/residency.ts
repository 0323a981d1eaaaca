// When an instance's free pages go back to the OS. A load leaves megabytes of freed heap
// (vmlinux BTF) in the instance's memory: returning them right away keeps a live object near
// 1 MiB, but an instance that loads again soon (open+load+close in a loop, a pooled instance)
// would fault every page back in. So the WARM most recent instances keep their free pages
// until the event loop next turns; beyond that bound, and at that turn for every instance
// still owned by a live object, they are returned. A loop of synchronous loads therefore
// holds at most WARM instances' worth of free pages, and a service's live objects hold
// none once it is idle. The warm list holds its instances weakly: it decides when pages go
// back, never keeps an instance alive (one discarded after a trap is not retained here).
import type { ModuleInstance } from './instance.js';

const WARM = 2;
let warm: WeakRef<ModuleInstance>[] = []; // most recent first
const inUse = new WeakSet<ModuleInstance>();
let turnScheduled = false;

function release(ref: WeakRef<ModuleInstance> | undefined): void {
  const inst = ref?.deref();
  if (inst && !inst.broken) inst.releaseFreePages();
}

/** Drops the entries of instances that are gone: collected, discarded, or `inst`. */
function prune(inst?: ModuleInstance): void {
  warm = warm.filter((r) => {
    const i = r.deref();
    return i !== undefined && i !== inst && !i.broken;
  });
}

/** After a call that freed much memory (bpf_object__load) on an instance owned by an object. */
export function afterBigWork(inst: ModuleInstance): void {
  inUse.add(inst);
  prune(inst);
  warm.unshift(new WeakRef(inst));
  while (warm.length > WARM) release(warm.pop());
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(() => {
      turnScheduled = false;
      prune();
      for (let i = warm.length - 1; i >= 0; i--) {
        if (inUse.has(warm[i].deref()!)) release(warm.splice(i, 1)[0]);
      }
    }).unref();
  }
}

/** The instance's object closed: it idles in the pool, warm if it still is. */
export function idleNow(inst: ModuleInstance): void {
  inUse.delete(inst);
}

/** The instance is gone (discarded): forget it. */
export function forget(inst: ModuleInstance): void {
  inUse.delete(inst);
  prune(inst);
}

/** An idle instance that is not warm has nothing left to return; a warm one keeps its pages. */
export function isWarm(inst: ModuleInstance): boolean {
  return !inst.broken && warm.some((r) => r.deref() === inst);
}
