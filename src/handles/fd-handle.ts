// What every handle on a kernel object shares: its OwnedFd (closed once, by close() or
// `using`), and info() through the shared module instance.
import { readInfo } from '../info.js';
import type { ModuleInstance } from '../module/instance.js';
import type { ModuleExports } from '../module/exports.js';
import { sharedInstance } from '../module/shared.js';
import type { OwnedFd } from '../owned-fd.js';

const INFO = 'bpf_obj_get_info_by_fd';

export abstract class FdHandle {
  readonly #fd: OwnedFd;

  /** @internal */
  protected constructor(owned: OwnedFd) {
    this.#fd = owned;
  }

  /** The fd, or -1 once closed. */
  get fd(): number { return this.#fd.fd; }
  /** Whether close() ran. */
  get closed(): boolean { return this.#fd.closed; }

  /** Closes the fd (once; later calls do nothing). */
  close(): void {
    this.#fd.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal The open fd for `op` (LibbpfError EBADF once closed). */
  protected useFd(op: string): number {
    return this.#fd.use(op);
  }

  /** @internal */
  protected readInfo<T>(label: string, read: (inst: ModuleInstance, ex: ModuleExports, fd: number) => T | number): T {
    return readInfo(sharedInstance(INFO), INFO, this.useFd(INFO), label, read);
  }
}
