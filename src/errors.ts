// LibbpfError: a libbpf call that failed, with libbpf's own errno and text.
export interface LibbpfErrorOptions {
  cause?: unknown;
  /** Every warning libbpf printed during the failed call. */
  log?: readonly string[];
}

export class LibbpfError extends Error {
  /** Positive: a Linux errno, or one of libbpf's own codes (4000+); 0 for EWASMTRAP. */
  readonly errno: number;
  /** 'ENOENT', 'LIBBPF_ERRNO__FORMAT', ..., or 'EWASMTRAP' when the module trapped. */
  readonly code: string;
  /** The libbpf function (or facade method) that failed. */
  readonly op: string;
  /** Every warning libbpf printed during the failed call, as printed. */
  readonly log: readonly string[];

  constructor(op: string, errno: number, code: string, message: string, options: LibbpfErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LibbpfError';
    this.op = op;
    this.errno = errno;
    this.code = code;
    this.log = Object.freeze([...(options.log ?? [])]);
  }
}

/** For a call on an object already closed (or discarded after a trap). */
export function closedError(op: string, what: string): LibbpfError {
  return new LibbpfError(op, 9, 'EBADF', `${op}: ${what} is closed`);
}
