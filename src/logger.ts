// Where libbpf's prints go. libbpf's default print function writes warnings and info
// to stderr and drops debug; the default here does the same.
export type LogLevel = 'warn' | 'info' | 'debug';
export type Logger = (level: LogLevel, message: string) => void;

const LEVELS: readonly LogLevel[] = ['warn', 'info', 'debug'];

export const defaultLogger: Logger = (level, message) => {
  if (level !== 'debug') process.stderr.write(message);
};

let current: Logger = defaultLogger;

/** Sends every libbpf print to `logger` (null restores the default). Returns the previous one. */
export function setLogger(logger: Logger | null): Logger {
  if (logger !== null && typeof logger !== 'function') {
    throw new TypeError('setLogger: expected a function (level, message) or null');
  }
  const previous = current;
  current = logger ?? defaultLogger;
  return previous;
}

/** Called by the module's print import: level is libbpf's enum (0 warn, 1 info, 2 debug). */
export function emitLibbpfPrint(level: number, message: string): void {
  current(LEVELS[level] ?? 'debug', message);
}
