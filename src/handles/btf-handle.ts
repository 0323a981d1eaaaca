// BtfHandle: a BTF object loaded in the kernel (vmlinux, a module's, a program's), by id.
import { btfInfoReader, readInfo, type BtfInfo } from '../info.js';
import { sharedInstance } from '../module/shared.js';
import { checkInternal, INTERNAL } from '../object-core.js';
import type { OwnedFd } from '../owned-fd.js';
import { fdFromId, idsOf } from './open.js';

const WHAT = 'BtfHandle';
const INFO = 'bpf_obj_get_info_by_fd';

export class BtfHandle {
  readonly #fd: OwnedFd;

  /** @internal Use BtfHandle.fromId. */
  constructor(token: symbol, owned: OwnedFd) {
    checkInternal(token, WHAT, 'BtfHandle.fromId()');
    this.#fd = owned;
  }

  /** bpf_btf_get_fd_by_id. */
  static fromId(id: number): BtfHandle {
    return new BtfHandle(INTERNAL, fdFromId('btf', WHAT, 'bpf_btf_get_fd_by_id', id));
  }

  /** Every BTF id the kernel lists now (bpf_btf_get_next_id). */
  static ids(): number[] {
    return idsOf('bpf_btf_get_next_id');
  }

  get fd(): number { return this.#fd.fd; }
  get closed(): boolean { return this.#fd.closed; }

  info(): BtfInfo {
    return readInfo(sharedInstance(INFO), INFO, this.#fd.use(INFO), WHAT, btfInfoReader);
  }

  close(): void {
    this.#fd.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
