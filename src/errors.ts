// LibbpfError: a libbpf call that failed, with libbpf's own errno and text, and what a
// person needs to act on it (the cause line, the failing program's verifier log, a hint).
/** What a LibbpfError carries besides op, errno, code and message. */
export interface LibbpfErrorOptions {
  cause?: unknown;
  /** Every warning libbpf printed during the failed call. */
  log?: readonly string[];
  /** The program whose load failed (bpf_object__load). */
  program?: string;
  /** That program's verifier log, as the kernel wrote it. */
  verifierLog?: string;
  /** The file or pin path the failed call was about. */
  path?: string;
  /** What probably fixes it, when the cause is known (also the message's "hint:" line). */
  hint?: string;
}

/** An error from libbpf (or from the facade around it), in Node's style: `code`, `errno`,
 *  the call that failed as `op` (also `syscall`), and `path` when a path was involved. */
export class LibbpfError extends Error {
  /** Positive: a Linux errno, or one of libbpf's own codes (4000+); 0 for EWASMTRAP. */
  readonly errno: number;
  /** 'ENOENT', 'LIBBPF_ERRNO__FORMAT', ..., or 'EWASMTRAP' when the module trapped. */
  readonly code: string;
  /** The libbpf function (or facade method) that failed. */
  readonly op: string;
  /** Every warning libbpf printed during the failed call, as printed. */
  readonly log: readonly string[];
  /** For a failed load: the program the kernel refused. */
  readonly program?: string;
  /** For a failed load: that program's verifier log (the message ends with its last lines). */
  readonly verifierLog?: string;
  /** The file or pin path involved, as Node's fs errors carry it. */
  readonly path?: string;
  /** The likely fix, when the cause is known. */
  readonly hint?: string;

  /** Made by the package; `message` is the whole text, the options add the fields. */
  constructor(op: string, errno: number, code: string, message: string, options: LibbpfErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LibbpfError';
    this.op = op;
    this.errno = errno;
    this.code = code;
    this.log = Object.freeze([...(options.log ?? [])]);
    for (const key of ['program', 'verifierLog', 'path', 'hint'] as const) {
      if (options[key] !== undefined) this[key] = options[key];
    }
  }

  /** Node's name for `op` (fs and net errors call the failed call `syscall`). */
  get syscall(): string {
    return this.op;
  }
}

/** For a call on an object already closed (or discarded after a trap). */
export function closedError(op: string, what: string): LibbpfError {
  return new LibbpfError(op, 9, 'EBADF', `${op}: ${what} is closed`);
}

/** What annotate() may add to an error. */
export interface ErrorDetails {
  program?: string;
  verifierLog?: string;
  path?: string;
  hint?: string;
  /** Lines for the end of the message (the verifier log's last lines). */
  tail?: string;
}

/**
 * The same error with more said: the hint as a "hint:" line, then `tail` (so that the
 * message ends with the verifier's last lines). errno, code, op, log and cause stay.
 */
export function annotate(e: LibbpfError, details: ErrorDetails): LibbpfError {
  const hint = details.hint ?? e.hint;
  const message = e.message + (details.hint ? `\nhint: ${details.hint}` : '') + (details.tail ? `\n${details.tail}` : '');
  const out = new LibbpfError(e.op, e.errno, e.code, message, {
    cause: e.cause, log: e.log, hint,
    program: details.program ?? e.program,
    verifierLog: details.verifierLog ?? e.verifierLog,
    path: details.path ?? e.path,
  });
  if (e.stack) out.stack = `${out.name}: ${out.message}\n${e.stack.split('\n').filter((l) => /^\s+at /.test(l)).join('\n')}`;
  return out;
}
