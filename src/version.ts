import { acquireInstance, releaseInstance } from './module/pool.js';

let cached: string | undefined;
let cachedFull: string | undefined;

/** libbpf's own version string, from libbpf_version_string() inside the module ("v1.1"). */
export function libbpfVersion(): string {
  if (cached === undefined) {
    const inst = acquireInstance();
    cached = inst.invoke('libbpf_version_string', (ex) => inst.readCString(ex.libbpf_version_string())) ?? '';
    releaseInstance(inst);
  }
  return cached;
}

/** The full version of the libbpf sources inside the module ("1.1.2"), from the pinned
 *  source package (vendor/libbpf/pin): libbpf itself reports only major.minor. */
export function libbpfFullVersion(): string {
  if (cachedFull === undefined) {
    const inst = acquireInstance();
    cachedFull = inst.invoke('lbw_libbpf_version', (ex) => inst.readCString(ex.lbw_libbpf_version())) ?? '';
    releaseInstance(inst);
  }
  return cachedFull;
}
