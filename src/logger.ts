// Where libbpf's prints go. libbpf's default print function writes warnings and info
// to stderr and drops debug; the default here does the same. A logger may be set for the
// whole process (setLogger) or for one object (OpenOptions.logger).
/** libbpf's print levels (enum libbpf_print_level). */
export type LogLevel = 'warn' | 'info' | 'debug';
/** Receives libbpf's prints: its level, and the message as libbpf formatted it. */
export type Logger = (level: LogLevel, message: string) => void;

const LEVELS: readonly LogLevel[] = Object.freeze(['warn', 'info', 'debug']);

export const defaultLogger: Logger = (level, message) => {
  if (level !== 'debug') process.stderr.write(message);
};

let current: Logger = defaultLogger;

/**
 * Sends every libbpf print to `logger` (null restores the default). Returns the previous one.
 * A logger that throws does not unwind through libbpf: its exception is re-raised by the
 * call that printed, once libbpf has returned.
 */
export function setLogger(logger: Logger | null): Logger {
  checkLogger('setLogger', logger);
  const previous = current;
  current = logger ?? defaultLogger;
  return previous;
}

export function checkLogger(op: string, logger: unknown): asserts logger is Logger | null {
  if (logger !== null && typeof logger !== 'function') {
    throw new TypeError(`${op}: expected a function (level, message) or null`);
  }
}

export function currentLogger(): Logger {
  return current;
}

/** libbpf's enum libbpf_print_level (0 warn, 1 info, 2 debug) as a LogLevel. */
export function levelName(level: number): LogLevel {
  return LEVELS[level] ?? 'debug';
}
