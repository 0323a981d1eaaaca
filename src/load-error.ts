// Failures to load the package's own files (the .wasm module): the errno of the file
// operation that failed as a LibbpfError, and for a missing file the command that fixes it.
// (The native addon's absence is LibbpfError ENOADDON: src/host/addon.ts.)
import { LibbpfError } from './errors.js';

export function loadError(op: string, what: string, path: string, fix: string, e: unknown): LibbpfError {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' && /^E[A-Z0-9]+$/.test(err.code) ? err.code : 'EIO';
  const errno = typeof err?.errno === 'number' ? Math.abs(err.errno) : 5;
  const missing = code === 'ENOENT';
  return new LibbpfError(op, errno, code,
    `${op}: ${missing ? `${what} is not there` : `cannot read ${what}`} (${path}): ${err?.message ?? String(e)}` +
    (missing ? `; ${fix}` : ''), { cause: e });
}
