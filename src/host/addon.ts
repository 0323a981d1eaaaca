// The native host addon (host/): the only code that makes syscalls for the module.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The addon's functions (host/README.md). Each returns a result >= 0 or -errno (Linux). */
export interface HostAddon {
  bpf(mem: ArrayBuffer, cmd: number, attrOff: number, size: number): number;
  openat(mem: ArrayBuffer, dirfd: number, pathOff: number, flags: number, mode: number): number;
  close(fd: number): number;
  dup3(oldfd: number, newfd: number, flags: number): number;
  fcntl(fd: number, cmd: number, arg: number): number;
  readv(mem: ArrayBuffer, fd: number, iovOff: number, iovcnt: number): number;
  writev(mem: ArrayBuffer, fd: number, iovOff: number, iovcnt: number): number;
  preadv(mem: ArrayBuffer, fd: number, iovOff: number, iovcnt: number, offset: bigint): number;
  lseek(fd: number, offset: bigint, whence: number): bigint;
  fstat(mem: ArrayBuffer, fd: number, outOff: number): number;
  fstatat(mem: ArrayBuffer, dirfd: number, pathOff: number, outOff: number, flags: number): number;
  statfs(mem: ArrayBuffer, pathOff: number, outOff: number): number;
  mkdirat(mem: ArrayBuffer, dirfd: number, pathOff: number, mode: number): number;
  unlinkat(mem: ArrayBuffer, dirfd: number, pathOff: number, flags: number): number;
  faccessat(mem: ArrayBuffer, dirfd: number, pathOff: number, mode: number, flags: number): number;
  uname(mem: ArrayBuffer, outOff: number): number;
  getpid(): number;
  geteuid(): number;
  pageSize(): number;
  getrlimit(mem: ArrayBuffer, resource: number, outOff: number): number;
  setrlimit(mem: ArrayBuffer, resource: number, inOff: number): number;
}

const addonPath = fileURLToPath(new URL('../../host/build/Release/bpfhost.node', import.meta.url));
let addon: HostAddon | undefined;

export function hostAddon(): HostAddon {
  if (!addon) {
    if (!existsSync(addonPath)) {
      throw new Error(`libbpf-wasm: the host addon is not built (${addonPath}); run \`npm run setup\``);
    }
    addon = createRequire(import.meta.url)(addonPath) as HostAddon;
  }
  return addon;
}
