// LinkHandle: a BPF link in the kernel, by id or pin: info, and detach (attaching is
// BpfLink's job).
import { linkInfoReader, type LinkInfo } from '../info.js';
import { checkInternal, INTERNAL } from '../object-core.js';
import type { OwnedFd } from '../owned-fd.js';
import { FdHandle } from './fd-handle.js';
import { fdFromId, fdFromPinned } from './open.js';
import { sharedInstance } from '../module/shared.js';
import { linkIds } from './ids.js';

/**
 * A BPF link in the kernel, by id: its fd and info (detach it with the creator's BpfLink, or by
 * closing every fd and pin).
 */
export class LinkHandle extends FdHandle {
  /** @internal Use LinkHandle.fromId. */
  constructor(token: symbol, owned: OwnedFd) {
    checkInternal(token, 'LinkHandle', 'LinkHandle.fromId()');
    super(owned);
  }

  /** bpf_link_get_fd_by_id. */
  static fromId(id: number): LinkHandle {
    return new LinkHandle(INTERNAL, fdFromId('bpf_link', 'LinkHandle', 'bpf_link_get_fd_by_id', id));
  }

  /** bpf_obj_get: the link pinned at `path` (EINVAL if the pin is not a link). */
  static fromPinned(path: string): LinkHandle {
    return new LinkHandle(INTERNAL, fdFromPinned('bpf_link', 'LinkHandle', path));
  }

  /** Every link id the kernel lists now (bpf_link_get_next_id). */
  static ids(): number[] {
    return linkIds();
  }

  /** BPF_OBJ_GET_INFO_BY_FD on the link. */
  info(): LinkInfo {
    return this.readInfo('LinkHandle', linkInfoReader);
  }

  /** bpf_link_detach: the kernel detaches the link from its hook now (it stays, defunct,
   *  until its last fd and pin are gone); EOPNOTSUPP for link types that cannot. */
  detach(): void {
    const op = 'bpf_link_detach';
    const fd = this.useFd(op);
    const inst = sharedInstance(op);
    const r = inst.invoke(op, (ex) => ex.bpf_link_detach(fd));
    if (r < 0) throw inst.error(op, r, 'LinkHandle');
  }
}
