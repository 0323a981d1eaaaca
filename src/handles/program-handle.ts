// ProgramHandle: a loaded program outside any BpfObject, owning its fd (from a pin, an
// id, or a dup of the caller's fd): info, pin, test runs.
import { programInfoReader, readInfo, type ProgramInfo, type ProgramInfoOptions } from '../info.js';
import { FdHandle } from './fd-handle.js';
import { sharedInstance } from '../module/shared.js';
import { checkInternal, INTERNAL } from '../object-core.js';
import type { OwnedFd } from '../owned-fd.js';
import { testRun, type TestRunOptions, type TestRunResult } from '../test-run.js';
import { fdFromFd, fdFromId, fdFromPinned, pinFd } from './open.js';
import { programIds } from './ids.js';

const WHAT = 'ProgramHandle';
const INFO = 'bpf_obj_get_info_by_fd';

/**
 * A loaded program by its fd rather than by a BpfObject: pinned (fromPinned), by id (fromId), or a
 * dup of an fd; info, test runs and pinning.
 */
export class ProgramHandle extends FdHandle {
  readonly #name: string;
  readonly #id: number;
  readonly #type: number;

  /** @internal Use ProgramHandle.fromPinned, fromId or fromFd. */
  constructor(token: symbol, owned: OwnedFd) {
    checkInternal(token, WHAT, 'ProgramHandle.fromPinned(), fromId() or fromFd()');
    let info: ProgramInfo;
    try {
      info = readInfo(sharedInstance(INFO), INFO, owned.fd, WHAT, programInfoReader());
    } catch (e) {
      owned.close();
      throw e;
    }
    super(owned);
    this.#name = info.name;
    this.#id = info.id;
    this.#type = info.type;
  }

  /** bpf_obj_get: the program pinned at `path` (EINVAL if the pin is not a program). */
  static fromPinned(path: string): ProgramHandle {
    return new ProgramHandle(INTERNAL, fdFromPinned('bpf-prog', WHAT, path));
  }

  /** bpf_prog_get_fd_by_id (ENOENT once the program is gone). */
  static fromId(id: number): ProgramHandle {
    return new ProgramHandle(INTERNAL, fdFromId('bpf-prog', WHAT, 'bpf_prog_get_fd_by_id', id));
  }

  /** A handle on a dup of `fd` (the caller keeps and closes its own fd). */
  static fromFd(fd: number): ProgramHandle {
    return new ProgramHandle(INTERNAL, fdFromFd('bpf-prog', WHAT, fd));
  }

  /** Every program id the kernel lists now (bpf_prog_get_next_id). */
  static ids(): number[] {
    return programIds();
  }

  /** The kernel's name of the program (BPF_OBJ_NAME_LEN - 1 bytes at most). */
  get name(): string { return this.#name; }
  /** The kernel's id of the program. */
  get id(): number { return this.#id; }
  /** enum bpf_prog_type (see ProgType). */
  get type(): number { return this.#type; }
  /** BPF_OBJ_GET_INFO_BY_FD on the program (with its instructions when asked). */
  info(opts: ProgramInfoOptions = {}): ProgramInfo {
    return this.readInfo(`program '${this.#name}'`, programInfoReader(opts));
  }

  /** bpf_prog_test_run_opts: runs the program on `data`/`ctx` without attaching it. */
  testRun(opts: TestRunOptions = {}): TestRunResult {
    const op = 'bpf_prog_test_run_opts';
    const fd = this.useFd(op);
    return testRun(sharedInstance(op), op, fd, `program '${this.#name}'`, opts);
  }

  /** bpf_obj_pin: pins the program at `path` (on a bpffs). */
  pin(path: string): void {
    pinFd(this.useFd('bpf_obj_pin'), path, WHAT);
  }
}
