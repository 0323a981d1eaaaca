// When an instance's free pages go back to the OS. A load leaves megabytes of freed heap
// (vmlinux BTF) in the instance's memory: returning them right away keeps a live object near
// 1 MiB, but an instance that loads again soon (open+load+close in a loop, a pooled instance)
// would fault every page back in. So the WARM most recent instances keep their free pages
// until the event loop next turns; beyond that bound, and at that turn for every instance
// still owned by a live object, they are returned. A loop of synchronous loads therefore
// holds at most WARM instances' worth of free pages, and a service's live objects hold
// none once it is idle.
import type { ModuleInstance } from './instance.js';

const WARM = 2;
const warm: ModuleInstance[] = []; // most recent first
const inUse = new WeakSet<ModuleInstance>();
let turnScheduled = false;

function release(inst: ModuleInstance): void {
  if (!inst.broken) inst.releaseFreePages();
}

/** After a call that freed much memory (bpf_object__load) on an instance owned by an object. */
export function afterBigWork(inst: ModuleInstance): void {
  inUse.add(inst);
  const at = warm.indexOf(inst);
  if (at >= 0) warm.splice(at, 1);
  warm.unshift(inst);
  while (warm.length > WARM) release(warm.pop()!);
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(() => {
      turnScheduled = false;
      for (let i = warm.length - 1; i >= 0; i--) {
        if (inUse.has(warm[i])) release(warm.splice(i, 1)[0]);
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
  const at = warm.indexOf(inst);
  if (at >= 0) warm.splice(at, 1);
}

/** An idle instance that is not warm has nothing left to return; a warm one keeps its pages. */
export function isWarm(inst: ModuleInstance): boolean {
  return warm.includes(inst);
}
