// Failures to load the package's own parts (the .wasm module, the native addon): the errno
// of the file operation that failed as a LibbpfError, and for a missing file the command
// that fixes it.
import { constants as osConstants } from 'node:os';
import { LibbpfError } from './errors.js';

// dlopen() reports the errno of its failing call only as glibc's strerror text at the end
// of its message ("...: cannot open shared object file: Cannot allocate memory").
const DLOPEN_TEXTS: Record<string, string> = {
  'Operation not permitted': 'EPERM', 'No such file or directory': 'ENOENT', 'Interrupted system call': 'EINTR',
  'Input/output error': 'EIO', 'Resource temporarily unavailable': 'EAGAIN', 'Cannot allocate memory': 'ENOMEM',
  'Permission denied': 'EACCES', 'Too many open files in system': 'ENFILE', 'Too many open files': 'EMFILE',
  'Exec format error': 'ENOEXEC',
};

/** The errno of a failed file operation (a node:fs error, or dlopen's text); null when the
 *  failure is not an OS error (a bad ELF file, a missing symbol). */
export function osErrnoOf(e: unknown): [number, string] | null {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.errno === 'number' && typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code)) {
    return [Math.abs(err.errno), err.code];
  }
  const text = /: ([^:]+)$/.exec(String(err?.message ?? ''))?.[1]?.trim() ?? '';
  const code = DLOPEN_TEXTS[text];
  return code ? [(osConstants.errno as Record<string, number>)[code], code] : null;
}

export function loadError(op: string, what: string, path: string, fix: string, e: unknown): LibbpfError {
  const err = e as NodeJS.ErrnoException;
  const [errno, code] = osErrnoOf(err) ?? [osConstants.errno.EIO, 'EIO'];
  const missing = code === 'ENOENT';
  return new LibbpfError(op, errno, code,
    `${op}: ${missing ? `${what} is not there` : `cannot read ${what}`} (${path}): ${err?.message ?? String(e)}` +
    (missing ? `; ${fix}` : ''), { cause: e });
}
