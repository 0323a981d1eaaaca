// LibbpfError: a libbpf call that failed, with libbpf's own errno and text.
import type { ModuleInstance } from './module/instance.js';

export class LibbpfError extends Error {
  /** Positive: a Linux errno, or one of libbpf's own codes (4000+). */
  readonly errno: number;
  /** 'ENOENT', 'LIBBPF_ERRNO__FORMAT', ..., or 'EWASMTRAP' when the module trapped. */
  readonly code: string;
  /** The libbpf function (or facade method) that failed. */
  readonly op: string;

  constructor(op: string, errno: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LibbpfError';
    this.op = op;
    this.errno = errno;
    this.code = code;
  }
}

/** Builds the error for `op` returning -err (or NULL with errno = err), from inside the module. */
export function libbpfError(inst: ModuleInstance, op: string, err: number, detail = ''): LibbpfError {
  const errno = Math.abs(err);
  const ex = inst.exports;
  const buf = inst.scratch(256);
  ex.libbpf_strerror(errno, buf, 256);
  const text = inst.readCString(buf) ?? `error ${errno}`;
  const code = inst.readCString(ex.lbw_errno_name(errno)) ?? `E${errno}`;
  const warning = inst.lastWarning.trim();
  const message = `${op}${detail ? ` (${detail})` : ''}: ${text} [${code}, -${errno}]` +
    (warning ? `\n${warning}` : ''); // libbpf's own line, "libbpf: ..."
  return new LibbpfError(op, errno, code, message);
}

/** The error for a trap inside the module: the instance is discarded (its fds closed). */
export function trapError(inst: ModuleInstance, op: string, cause: unknown): LibbpfError {
  inst.discard();
  const what = cause instanceof Error ? cause.message : String(cause);
  return new LibbpfError(op, 0, 'EWASMTRAP',
    `${op}: the libbpf module trapped (${what}); the object that made this call is discarded, ` +
    'other objects and later calls are not affected', { cause });
}

export function isTrap(e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError || e instanceof RangeError && /call stack/i.test(e.message);
}

/** For a call on an object already closed (or discarded after a trap). */
export function closedError(op: string, what: string): LibbpfError {
  return new LibbpfError(op, 9, 'EBADF', `${op}: ${what} is closed`);
}
