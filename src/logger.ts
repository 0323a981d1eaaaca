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
/** The most verbose level the process-wide logger receives (LEVELS index). */
let currentLevel = 1;

/** Options of setLogger. */
export interface LoggerOptions {
  /** The most verbose level the logger receives (default 'debug': every print). Prints
   *  beyond it are not even formatted, as native libbpf's default print function drops
   *  debug unformatted: a CO-RE-heavy load prints ~1,500 debug lines. Warnings always come. */
  level?: LogLevel;
}

/**
 * Sends libbpf's prints to `logger` (null restores the default, which takes warn and info).
 * Returns the previous one. A logger that throws does not unwind through libbpf: its
 * exception is re-raised by the call that printed, once libbpf has returned.
 */
export function setLogger(logger: Logger | null, opts: LoggerOptions = {}): Logger {
  checkLogger('setLogger', logger);
  if (opts === null || typeof opts !== 'object') throw new TypeError('setLogger: options must be an object');
  const level = opts.level === undefined ? (logger ? 2 : 1) : LEVELS.indexOf(opts.level);
  if (level < 0) throw new TypeError(`setLogger: level must be one of ${LEVELS.join(', ')}`);
  const previous = current;
  current = logger ?? defaultLogger;
  currentLevel = level;
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

/** The most verbose level (0 warn, 1 info, 2 debug) that `logger` (an object's own, or
 *  null for the process-wide one) receives. */
export function loggerLevel(logger: Logger | null): number {
  if (logger === null) return currentLevel;
  return logger === defaultLogger ? 1 : 2;
}

/** libbpf's enum libbpf_print_level (0 warn, 1 info, 2 debug) as a LogLevel. */
export function levelName(level: number): LogLevel {
  return LEVELS[level] ?? 'debug';
}
