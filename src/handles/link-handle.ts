// LinkHandle: a BPF link in the kernel, by id (info only; attaching is BpfLink's job).
import { linkInfoReader, readInfo, type LinkInfo } from '../info.js';
import { sharedInstance } from '../module/shared.js';
import { checkInternal, INTERNAL } from '../object-core.js';
import type { OwnedFd } from '../owned-fd.js';
import { fdFromId, idsOf } from './open.js';

const WHAT = 'LinkHandle';
const INFO = 'bpf_obj_get_info_by_fd';

export class LinkHandle {
  readonly #fd: OwnedFd;

  /** @internal Use LinkHandle.fromId. */
  constructor(token: symbol, owned: OwnedFd) {
    checkInternal(token, WHAT, 'LinkHandle.fromId()');
    this.#fd = owned;
  }

  /** bpf_link_get_fd_by_id. */
  static fromId(id: number): LinkHandle {
    return new LinkHandle(INTERNAL, fdFromId('bpf_link', WHAT, 'bpf_link_get_fd_by_id', id));
  }

  /** Every link id the kernel lists now (bpf_link_get_next_id). */
  static ids(): number[] {
    return idsOf('bpf_link_get_next_id');
  }

  get fd(): number { return this.#fd.fd; }
  get closed(): boolean { return this.#fd.closed; }

  info(): LinkInfo {
    return readInfo(sharedInstance(INFO), INFO, this.#fd.use(INFO), WHAT, linkInfoReader);
  }

  close(): void {
    this.#fd.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
