// LinkHandle: a BPF link in the kernel, by id (info only; attaching is BpfLink's job).
import { linkInfoReader, type LinkInfo } from '../info.js';
import { checkInternal, INTERNAL } from '../object-core.js';
import type { OwnedFd } from '../owned-fd.js';
import { FdHandle } from './fd-handle.js';
import { fdFromId } from './open.js';
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

  /** Every link id the kernel lists now (bpf_link_get_next_id). */
  static ids(): number[] {
    return linkIds();
  }

  /** BPF_OBJ_GET_INFO_BY_FD on the link. */
  info(): LinkInfo {
    return this.readInfo('LinkHandle', linkInfoReader);
  }
}
