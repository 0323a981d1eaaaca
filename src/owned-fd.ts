// OwnedFd: one kernel fd with one owner (like Rust's OwnedFd, cilium/ebpf's sys.FD).
// close() closes it exactly once; after that `fd` is -1 and use is a LibbpfError EBADF.
// A FinalizationRegistry closes an fd whose owner was garbage-collected unclosed: a safety
// net, never the plan (collection may come late or never). It reports each such fd with a
// process warning; with LIBBPF_WASM_TRACE_FDS=1 the warning says where the fd was created.
import { hostAddon } from './host/addon.js';
import { closedError } from './errors.js';

interface Held { fd: number; what: string; stack: string | undefined }

const trace = process.env.LIBBPF_WASM_TRACE_FDS === '1';

const registry = new FinalizationRegistry<Held>((held) => {
  hostAddon().close(held.fd);
  process.emitWarning(`libbpf-wasm: ${held.what} (fd ${held.fd}) was garbage-collected without close(); ` +
    `its fd was closed by the safety net` +
    (held.stack ? `\nCreated at:${held.stack.replace(/^Error\n?/, '\n')}` : ' (LIBBPF_WASM_TRACE_FDS=1 shows where)'),
  'LibbpfWasmFdLeak');
});

export class OwnedFd {
  #fd: number;
  readonly #what: string;
  readonly #unregister = {};

  /** Takes ownership of `fd` (nobody else may close it). `what` names it in messages. */
  constructor(fd: number, what: string) {
    this.#fd = fd;
    this.#what = what;
    registry.register(this, { fd, what, stack: trace ? new Error().stack : undefined }, this.#unregister);
  }

  /** The fd number, or -1 once closed. */
  get fd(): number {
    return this.#fd;
  }

  get closed(): boolean {
    return this.#fd < 0;
  }

  /** The fd for a call named `op`; LibbpfError EBADF when closed. */
  use(op: string): number {
    if (this.#fd < 0) throw closedError(op, this.#what);
    return this.#fd;
  }

  /** Closes the fd once; later calls do nothing. */
  close(): void {
    const fd = this.#fd;
    if (fd < 0) return;
    this.#fd = -1;
    registry.unregister(this.#unregister);
    hostAddon().close(fd);
  }
}
