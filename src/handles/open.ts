// How a handle gets its fd: from a pin, an id, or a dup of the caller's fd, through the
// shared module instance; and the kernel's id lists (GET_NEXT_ID). The fd is checked to
// be the kind of object the handle is for (a pinned program is not a map).
import { readlinkSync } from 'node:fs';
import { sharedInstance, releaseFromLedger } from '../module/shared.js';
import type { ModuleExports } from '../module/exports.js';
import { OwnedFd } from '../owned-fd.js';
import { LibbpfError } from '../errors.js';
import { pathFailure } from '../error-hints.js';
import { hostAddon } from '../host/addon.js';
import { int32Arg, u32Arg } from '../args.js';

/** The anon-inode names the kernel gives each kind of BPF fd. */
export type FdKind = 'bpf-map' | 'bpf-prog' | 'btf' | 'bpf_link';

const ENOENT = 2;
const EINVAL = 22;
const F_DUPFD_CLOEXEC = 1030;
/** Far above any id count a kernel holds; stops a walk whose ids never end. */
const MAX_IDS = 1 << 22;

function kindOf(fd: number): string {
  try {
    // A link fd opened by id or pin is "bpf-link"; the one its creator got, "bpf_link".
    return readlinkSync(`/proc/self/fd/${fd}`).replace(/^anon_inode:/, '').replace(/^bpf-link$/, 'bpf_link');
  } catch {
    return 'closed';
  }
}

/** Takes a fd the module returned (or a dup) and checks its kind; closes it when wrong. */
function own(op: string, fd: number, kind: FdKind, what: string, detail: string): OwnedFd {
  const owned = new OwnedFd(fd, what);
  const got = kindOf(fd);
  if (got !== kind) {
    owned.close();
    throw new LibbpfError(op, EINVAL, 'EINVAL', `${op} (${detail}): the fd is a ${got}, not a ${kind}`);
  }
  return owned;
}

/** bpf_obj_get(path). */
export function fdFromPinned(kind: FdKind, what: string, path: string): OwnedFd {
  const op = 'bpf_obj_get';
  if (typeof path !== 'string' || path === '') throw new TypeError(`${what}.fromPinned: expected a path (string)`);
  const inst = sharedInstance(op);
  const p = inst.cString(path);
  try {
    const r = inst.invoke(op, (ex) => ex.bpf_obj_get(p));
    if (r < 0) throw pathFailure(inst.error(op, r, path), path);
    return own(op, releaseFromLedger(inst, r), kind, what, path);
  } finally {
    inst.free(p);
  }
}

type ById = 'bpf_map_get_fd_by_id' | 'bpf_prog_get_fd_by_id' | 'bpf_btf_get_fd_by_id' | 'bpf_link_get_fd_by_id';
type NextId = 'bpf_map_get_next_id' | 'bpf_prog_get_next_id' | 'bpf_btf_get_next_id' | 'bpf_link_get_next_id';

export function fdFromId(kind: FdKind, what: string, fn: ById, id: number): OwnedFd {
  u32Arg(`${what}.fromId`, 'id', id);
  const inst = sharedInstance(fn);
  const r = inst.invoke(fn, (ex: ModuleExports) => ex[fn](id));
  if (r < 0) throw inst.error(fn, r, `id ${id}`);
  return own(fn, releaseFromLedger(inst, r), kind, what, `id ${id}`);
}

/** A dup (close-on-exec) of the caller's fd: the caller keeps and closes its own. */
export function fdFromFd(kind: FdKind, what: string, fd: number): OwnedFd {
  const op = `${what}.fromFd`;
  int32Arg(op, 'fd', fd, 0);
  const r = hostAddon(op).fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (r < 0) throw sharedInstance(op).error(op, r, `fd ${fd}`);
  return own(op, r, kind, what, `fd ${fd}`);
}

/** Every id the kernel lists now, ascending (ids of objects freed meanwhile may be gone). */
export function idsOf(fn: NextId): number[] {
  const inst = sharedInstance(fn);
  const r = inst.invoke(fn, (ex): number[] | number => {
    const ids: number[] = [];
    const next = inst.scratch(4);
    for (let id = 0; ids.length < MAX_IDS;) {
      const r = ex[fn](id, next);
      if (r === -ENOENT) break;
      if (r < 0) return r;
      id = inst.view.getUint32(next, true);
      ids.push(id);
    }
    return ids;
  });
  if (typeof r === 'number') throw inst.error(fn, r);
  return r;
}

/** bpf_obj_pin(fd, path). */
export function pinFd(fd: number, path: string, what: string): void {
  const op = 'bpf_obj_pin';
  if (typeof path !== 'string' || path === '') throw new TypeError(`${what}.pin: expected a path (string)`);
  const inst = sharedInstance(op);
  const p = inst.cString(path);
  try {
    const r = inst.invoke(op, (ex) => ex.bpf_obj_pin(fd, p));
    if (r < 0) throw inst.error(op, r, path);
  } finally {
    inst.free(p);
  }
}
