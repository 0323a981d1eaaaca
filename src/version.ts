import { acquireInstance, releaseInstance } from './module/pool.js';

const cache = new Map<string, string>();

/** A constant string the module returns, read once per process. */
function moduleString(fn: 'libbpf_version_string' | 'lbw_libbpf_version'): string {
  let s = cache.get(fn);
  if (s === undefined) {
    const inst = acquireInstance();
    s = inst.invoke(fn, (ex) => inst.readCString(ex[fn]())) ?? '';
    releaseInstance(inst);
    cache.set(fn, s);
  }
  return s;
}

/** libbpf's own version string, from libbpf_version_string() inside the module ("v1.1"). */
export const libbpfVersion = (): string => moduleString('libbpf_version_string');

/** The full version of the libbpf sources inside the module ("1.1.2"), from the pinned
 *  source package (vendor/libbpf/pin): libbpf itself reports only major.minor. */
export const libbpfFullVersion = (): string => moduleString('lbw_libbpf_version');
