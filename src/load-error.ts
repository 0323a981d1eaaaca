// Failures to load the package's own parts (the .wasm module, the native addon): the errno
// of the file operation that failed as a LibbpfError, and for a missing file the command
// that fixes it.
import { closeSync, openSync } from 'node:fs';
import { LibbpfError } from './errors.js';

/** Opens `path` once to learn whether it can be read; throws a LibbpfError naming the fix. */
export function checkReadable(op: string, what: string, path: string, fix: string): void {
  try {
    closeSync(openSync(path, 'r'));
  } catch (e) {
    throw loadError(op, what, path, fix, e);
  }
}

export function loadError(op: string, what: string, path: string, fix: string, e: unknown): LibbpfError {
  const err = e as NodeJS.ErrnoException;
  const errno = typeof err?.errno === 'number' ? Math.abs(err.errno) : 5; // EIO when unknown
  const code = typeof err?.code === 'string' && /^E[A-Z0-9]+$/.test(err.code) ? err.code : 'EIO';
  const missing = code === 'ENOENT';
  return new LibbpfError(op, errno, code,
    `${op}: ${missing ? `${what} is not there` : `cannot read ${what}`} (${path}): ${err?.message ?? String(e)}` +
    (missing ? `; ${fix}` : ''), { cause: e });
}
