// BtfHandle: a BTF object loaded in the kernel (vmlinux, a module's, a program's), by id.
import { btfInfoReader, type BtfInfo } from '../info.js';
import { checkInternal, INTERNAL } from '../object-core.js';
import type { OwnedFd } from '../owned-fd.js';
import { FdHandle } from './fd-handle.js';
import { fdFromId } from './open.js';
import { btfIds } from './ids.js';

/** A BTF object loaded in the kernel, by id: its fd and info, whoever loaded it. */
export class BtfHandle extends FdHandle {
  /** @internal Use BtfHandle.fromId. */
  constructor(token: symbol, owned: OwnedFd) {
    checkInternal(token, 'BtfHandle', 'BtfHandle.fromId()');
    super(owned);
  }

  /** bpf_btf_get_fd_by_id. */
  static fromId(id: number): BtfHandle {
    return new BtfHandle(INTERNAL, fdFromId('btf', 'BtfHandle', 'bpf_btf_get_fd_by_id', id));
  }

  /** Every BTF id the kernel lists now (bpf_btf_get_next_id). */
  static ids(): number[] {
    return btfIds();
  }

  /** BPF_OBJ_GET_INFO_BY_FD on the BTF. */
  info(): BtfInfo {
    return this.readInfo('BtfHandle', btfInfoReader);
  }
}
