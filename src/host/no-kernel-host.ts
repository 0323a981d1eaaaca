// The module's host where the native addon is not available (a laptop without a compiler,
// another OS, LIBBPF_WASM_NO_ADDON=1): the file and process calls that opening and parsing
// an object needs, done with node:fs (read-only files, stdout/stderr); every other import
// (bpf(), pinning, perf events, netlink, rlimits) fails with ENOSYS, as a syscall this
// kernel lacked would, and tells the instance, whose error for that call is then
// LibbpfError ENOADDON naming the host call.
import { closeSync, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync, writeSync, accessSync,
  type BigIntStats } from 'node:fs';
import { arch, hostname, machine, release, type, version } from 'node:os';
import type { ModuleHost } from './addon.js';

// Linux numbering (the module's host ABI), whatever this OS numbers them.
const LINUX_ERRNO: Record<string, number> = {
  EPERM: 1, ENOENT: 2, EIO: 5, EBADF: 9, ENOMEM: 12, EACCES: 13, EEXIST: 17, ENOTDIR: 20, EISDIR: 21,
  EINVAL: 22, ENFILE: 23, EMFILE: 24, EFBIG: 27, ESPIPE: 29, EROFS: 30, ERANGE: 34, ENAMETOOLONG: 36, ELOOP: 40,
  EOVERFLOW: 75, ENOSYS: 38,
};
const { EBADF, EINVAL, ERANGE, ENOSYS } = LINUX_ERRNO;
const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_EMPTY_PATH = 0x1000;
const O_ACCMODE = 3;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const FD_CLOEXEC = 1;
const UTS_FIELD = 65;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function negErrno(e: unknown): number {
  return -(LINUX_ERRNO[(e as NodeJS.ErrnoException)?.code ?? ''] ?? LINUX_ERRNO.EIO);
}

function cString(mem: ArrayBuffer, ptr: number): string {
  const u8 = new Uint8Array(mem);
  const end = u8.indexOf(0, ptr);
  return decoder.decode(u8.subarray(ptr, end < 0 ? u8.length : end));
}

/** The module's (wasm32) iovecs: { u32 base, u32 len } each. */
function iovecs(mem: ArrayBuffer, iovs: number, count: number): Uint8Array[] {
  const view = new DataView(mem);
  return Array.from({ length: count }, (_, i) =>
    new Uint8Array(mem, view.getUint32(iovs + 8 * i, true), view.getUint32(iovs + 8 * i + 4, true)));
}

/** struct lbw_host_stat (libbpf-wasm/port/host.h): ten u64 then six s64, little-endian. */
function writeStat(mem: ArrayBuffer, out: number, s: BigIntStats): void {
  const view = new DataView(mem);
  const fields = [s.dev, s.ino, s.mode, s.nlink, s.uid, s.gid, s.rdev, s.size, s.blksize, s.blocks,
    s.atimeNs / 1_000_000_000n, s.atimeNs % 1_000_000_000n, s.mtimeNs / 1_000_000_000n, s.mtimeNs % 1_000_000_000n,
    s.ctimeNs / 1_000_000_000n, s.ctimeNs % 1_000_000_000n];
  fields.forEach((v, i) => view.setBigUint64(out + 8 * i, BigInt.asUintN(64, v), true));
}

/** What a call this host cannot serve throws inside it: the caller answers -ENOSYS. */
class NeedsAddon {
  constructor(readonly call: string) {}
}

/** A relative path against AT_FDCWD, or an absolute one: what node:fs can serve. */
function plainPath(call: string, dirfd: number, path: string): string {
  if (dirfd !== AT_FDCWD && !path.startsWith('/')) throw new NeedsAddon(call);
  return path;
}

/** `onNeedsAddon(call)`: a call that needs the addon was answered ENOSYS. */
export function noKernelHost(onNeedsAddon: (call: string) => void): ModuleHost {
  const refuse = (call: string): number => {
    onNeedsAddon(call);
    return -ENOSYS;
  };
  const needsAddon = (call: string) => (): number => refuse(call);
  // Files this host opened (read-only) and each one's offset: node:fs has no lseek().
  const offsets = new Map<number, bigint>();
  const own = (fd: number): bigint => {
    const at = offsets.get(fd);
    if (at === undefined) throw Object.assign(new Error('not a file opened here'), { code: 'EBADF' });
    return at;
  };
  const readInto = (fd: number, bufs: Uint8Array[], at: bigint): number => {
    let total = 0;
    for (const b of bufs) {
      const n = readSync(fd, b, 0, b.length, at + BigInt(total));
      total += n;
      if (n < b.length) break;
    }
    return total;
  };
  const attempt = (fn: () => number): number => {
    try {
      return fn();
    } catch (e) {
      return e instanceof NeedsAddon ? refuse(e.call) : negErrno(e);
    }
  };

  return {
    fdResultCmds: new Set<number>(),
    openat: (mem, dirfd, pathPtr, flags) => attempt(() => {
      if ((flags & O_ACCMODE) !== 0) throw new NeedsAddon('openat'); // writing: tracefs, /proc
      const fd = openSync(plainPath('openat', dirfd, cString(mem, pathPtr)), 'r');
      offsets.set(fd, 0n);
      return fd;
    }),
    fstat: (mem, fd, out) => attempt(() => {
      own(fd);
      writeStat(mem, out, fstatSync(fd, { bigint: true }));
      return 0;
    }),
    fstatat: (mem, dirfd, pathPtr, out, flags) => attempt(() => {
      const path = cString(mem, pathPtr);
      if (path === '' && (flags & AT_EMPTY_PATH)) {
        own(dirfd);
        writeStat(mem, out, fstatSync(dirfd, { bigint: true }));
        return 0;
      }
      const p = plainPath('fstatat', dirfd, path);
      writeStat(mem, out, (flags & AT_SYMLINK_NOFOLLOW) ? lstatSync(p, { bigint: true }) : statSync(p, { bigint: true }));
      return 0;
    }),
    faccessat: (mem, dirfd, pathPtr, mode) =>
      attempt(() => (accessSync(plainPath('faccessat', dirfd, cString(mem, pathPtr)), mode), 0)),
    readlinkat: (mem, dirfd, pathPtr, buf, size) => attempt(() => {
      const target = encoder.encode(readlinkSync(plainPath('readlinkat', dirfd, cString(mem, pathPtr))));
      const n = Math.min(target.length, size);
      new Uint8Array(mem, buf, n).set(target.subarray(0, n));
      return n;
    }),
    getcwd: (mem, buf, size) => {
      const cwd = encoder.encode(`${process.cwd()}\0`);
      if (cwd.length > size) return -ERANGE;
      new Uint8Array(mem, buf, cwd.length).set(cwd);
      return cwd.length;
    },
    uname: (mem, out) => {
      const fields = [type(), hostname(), release(), version(), typeof machine === 'function' ? machine() : arch(), '(none)'];
      const u8 = new Uint8Array(mem, out, UTS_FIELD * fields.length);
      u8.fill(0);
      fields.forEach((f, i) => u8.set(encoder.encode(f).subarray(0, UTS_FIELD - 1), UTS_FIELD * i));
      return 0;
    },
    getpid: () => process.pid,
    geteuid: () => process.geteuid?.() ?? 0,
    pageSize: () => 4096,
    discardPages: () => 0, // the pages stay in use: nothing is lost but memory
    fcntl: (fd, cmd) => attempt(() => {
      own(fd);
      if (cmd === F_GETFD) return FD_CLOEXEC; // node:fs opens every file close-on-exec
      if (cmd === F_SETFD || cmd === F_GETFL) return 0; // O_RDONLY
      throw new NeedsAddon('fcntl');
    }),
    readv: (mem, fd, iovs, count) => attempt(() => {
      const at = own(fd);
      const n = readInto(fd, iovecs(mem, iovs, count), at);
      offsets.set(fd, at + BigInt(n));
      return n;
    }),
    preadv: (mem, fd, iovs, count, offset) => attempt(() => {
      own(fd);
      return offset < 0n ? -EINVAL : readInto(fd, iovecs(mem, iovs, count), offset);
    }),
    lseek: (fd, offset, whence) => {
      const at = offsets.get(fd);
      if (at === undefined) return BigInt(-EBADF);
      let size = 0n;
      try {
        if (whence === 2) size = fstatSync(fd, { bigint: true }).size;
      } catch (e) {
        return BigInt(negErrno(e));
      }
      const base = [0n, at, size][whence];
      if (base === undefined || base + offset < 0n) return BigInt(-EINVAL);
      offsets.set(fd, base + offset);
      return base + offset;
    },
    writev: (mem, fd, iovs, count) => {
      if (fd !== 1 && fd !== 2) return -EBADF; // files open here are read-only
      return attempt(() => iovecs(mem, iovs, count).reduce((n, b) => n + writeSync(fd, b), 0));
    },
    close: (fd) => {
      if (!offsets.delete(fd)) return -EBADF;
      return attempt(() => (closeSync(fd), 0));
    },
    bpf: needsAddon('bpf'),
    statfs: needsAddon('statfs'),
    mkdirat: needsAddon('mkdirat'),
    unlinkat: needsAddon('unlinkat'),
    dup3: needsAddon('dup3'),
    getrlimit: needsAddon('getrlimit'),
    setrlimit: needsAddon('setrlimit'),
    perfEventOpen: needsAddon('perf_event_open'),
    ioctl: needsAddon('ioctl'),
    ifNametoindex: needsAddon('if_nametoindex'),
    socket: needsAddon('socket'),
    bind: needsAddon('bind'),
    getsockname: needsAddon('getsockname'),
    setsockopt: needsAddon('setsockopt'),
    send: needsAddon('send'),
    recvmsg: needsAddon('recvmsg'),
  };
}
