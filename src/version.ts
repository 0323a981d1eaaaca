import { acquireInstance, releaseInstance } from './module/pool.js';

let cached: string | undefined;

/** libbpf's own version string, from libbpf_version_string() inside the module ("v1.1"). */
export function libbpfVersion(): string {
  if (cached === undefined) {
    const inst = acquireInstance();
    cached = inst.invoke('libbpf_version_string', (ex) => inst.readCString(ex.libbpf_version_string())) ?? '';
    releaseInstance(inst);
  }
  return cached;
}
