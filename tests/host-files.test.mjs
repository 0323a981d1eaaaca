// The file and process calls on module memory: results equal Node's view of the same
// files, and every path, iovec and out-struct is bounds-checked (EFAULT, no syscall).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, statfsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openFdCount, runWithFdCheck } from './helpers/fds.mjs';
import { E, ModuleMemory, host } from './helpers/host.mjs';

const test = suite('host file calls');
const AT_FDCWD = -100;
const O_RDONLY = 0;
const O_RDWR = 2;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
const O_CLOEXEC = 0o2000000;
const AT_REMOVEDIR = 0x200;
const F_GETFD = 1;
const F_DUPFD_CLOEXEC = 1030;
const F_GETLK = 5;
const RLIMIT_NOFILE = 7;
let dir;

function iovs(m, parts) {
  const iov = m.alloc(parts.length * 8);
  parts.forEach(([base, len], i) => {
    m.dv.setUint32(iov + i * 8, base, true);
    m.dv.setUint32(iov + i * 8 + 4, len, true);
  });
  return iov;
}

test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-host-files-'));
  writeFileSync(join(dir, 'data'), 'hello, module memory');
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('openat/readv/preadv/lseek/close read what Node reads', () => {
  const m = new ModuleMemory(1);
  const fd = host.openat(m.buf, AT_FDCWD, m.cstr(join(dir, 'data')), O_RDONLY | O_CLOEXEC, 0);
  assert.ok(fd >= 0);
  const a = m.alloc(5);
  const b = m.alloc(64);
  assert.is(host.readv(m.buf, fd, iovs(m, [[a, 5], [b, 64]]), 2), 20);
  assert.is(m.readCstr(a, 5) + m.readCstr(b), 'hello, module memory');
  assert.is(host.lseek(fd, 0n, 1), 20n);
  assert.is(host.lseek(fd, 7, 0), 7n, 'a number offset works too');
  assert.is(host.preadv(m.buf, fd, iovs(m, [[b, 6]]), 1, 7n), 6);
  assert.is(m.readCstr(b, 6), 'module');
  assert.is(host.lseek(fd, -1n, 0), -BigInt(E.EINVAL));
  assert.is(host.close(fd), 0);
  assert.is(host.close(fd), -E.EBADF);
  assert.is(host.lseek(fd, 0n, 0), -BigInt(E.EBADF));
});

test('writev, O_EXCL, fstat and fstatat agree with Node', () => {
  const m = new ModuleMemory(1);
  const path = m.cstr(join(dir, 'out'));
  const fd = host.openat(m.buf, AT_FDCWD, path, O_RDWR | O_CREAT | O_EXCL, 0o640);
  assert.ok(fd >= 0);
  assert.is(host.openat(m.buf, AT_FDCWD, path, O_RDWR | O_CREAT | O_EXCL, 0o640), -E.EEXIST);
  assert.is(host.writev(m.buf, fd, iovs(m, [[m.cstr('abc'), 3], [0, 0], [m.cstr('de'), 2]]), 3), 5);
  assert.is(readFileSync(join(dir, 'out'), 'utf8'), 'abcde');
  const st = m.alloc(128);
  assert.is(host.fstat(m.buf, fd, st), 0);
  const f = (i) => m.dv.getBigUint64(st + i * 8, true);
  const node = statSync(join(dir, 'out'), { bigint: true });
  assert.is(f(0), node.dev);
  assert.is(f(1), node.ino);
  assert.is(f(2), node.mode);
  assert.is(f(3), node.nlink);
  assert.is(f(7), 5n, 'size');
  assert.is(f(12), node.mtimeMs / 1000n, 'mtime seconds');
  const st2 = m.alloc(128);
  assert.is(host.fstatat(m.buf, AT_FDCWD, path, st2, 0), 0);
  assert.equal(m.u8.slice(st, st + 128), m.u8.slice(st2, st2 + 128));
  assert.is(host.fstatat(m.buf, AT_FDCWD, m.cstr(join(dir, 'missing')), st2, 0), -E.ENOENT);
  assert.is(host.close(fd), 0);
});

test('mkdirat/unlinkat/faccessat/statfs', () => {
  const m = new ModuleMemory(1);
  const sub = m.cstr(join(dir, 'sub'));
  assert.is(host.mkdirat(m.buf, AT_FDCWD, sub, 0o755), 0);
  assert.is(host.mkdirat(m.buf, AT_FDCWD, sub, 0o755), -E.EEXIST);
  assert.is(host.faccessat(m.buf, AT_FDCWD, sub, 0, 0), 0);
  assert.is(host.unlinkat(m.buf, AT_FDCWD, sub, 0), -21 /* EISDIR */);
  assert.is(host.unlinkat(m.buf, AT_FDCWD, sub, AT_REMOVEDIR), 0);
  assert.not.ok(existsSync(join(dir, 'sub')));
  assert.is(host.faccessat(m.buf, AT_FDCWD, sub, 0, 0), -E.ENOENT);
  const out = m.alloc(80);
  assert.is(host.statfs(m.buf, m.cstr(dir), out), 0);
  const s = statfsSync(dir, { bigint: true });
  assert.is(m.dv.getBigInt64(out, true), s.type);
  assert.is(m.dv.getBigInt64(out + 8, true), s.bsize);
  assert.is(m.dv.getBigInt64(out + 16, true), s.blocks);
});

test('dup3 and fcntl: integer commands pass, pointer commands are refused', () => {
  const m = new ModuleMemory(1);
  const fd = host.openat(m.buf, AT_FDCWD, m.cstr(join(dir, 'data')), O_RDONLY, 0);
  const d = host.fcntl(fd, F_DUPFD_CLOEXEC, 100);
  assert.ok(d >= 100);
  assert.is(host.fcntl(d, F_GETFD, 0), 1);
  assert.is(host.dup3(fd, d, 0), d);
  assert.is(host.fcntl(d, F_GETFD, 0), 0, 'dup3 without O_CLOEXEC');
  assert.is(host.dup3(fd, fd, 0), -E.EINVAL);
  assert.is(host.fcntl(fd, F_GETLK, 64), -E.EINVAL, 'F_GETLK takes a pointer');
  host.close(d);
  host.close(fd);
});

test('uname, getpid, geteuid, pageSize, getrlimit/setrlimit', () => {
  const m = new ModuleMemory(1);
  const u = m.alloc(390);
  assert.is(host.uname(m.buf, u), 0);
  assert.is(m.readCstr(u, 65), 'Linux');
  assert.is(m.readCstr(u + 2 * 65, 65), readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
  assert.is(host.getpid(), process.pid);
  assert.is(host.geteuid(), userInfo().uid);
  assert.is(host.pageSize(), 4096);
  const rl = m.alloc(16);
  assert.is(host.getrlimit(m.buf, RLIMIT_NOFILE, rl), 0);
  const cur = m.dv.getBigUint64(rl, true);
  const max = m.dv.getBigUint64(rl + 8, true);
  assert.ok(cur > 0n && cur <= max);
  assert.is(host.setrlimit(m.buf, RLIMIT_NOFILE, rl), 0, 'setting the same limits');
  assert.is(host.getrlimit(m.buf, 999, rl), -E.EINVAL);
});

test('paths, iovecs and out-structs outside memory are EFAULT and make no syscall', () => {
  const m = new ModuleMemory(1);
  const end = m.size;
  const tail = Buffer.from(join(dir, 'made-by-efault'));
  m.u8.set(tail, end - tail.length); // no NUL before the end of memory
  const cut = end - tail.length;
  const fds = openFdCount();
  assert.is(host.openat(m.buf, AT_FDCWD, cut, O_RDWR | O_CREAT, 0o600), -E.EFAULT);
  assert.is(host.openat(m.buf, AT_FDCWD, 0, O_RDONLY, 0), -E.EFAULT, 'NULL path');
  assert.is(host.openat(m.buf, AT_FDCWD, end + 10, O_RDONLY, 0), -E.EFAULT);
  assert.is(host.mkdirat(m.buf, AT_FDCWD, cut, 0o700), -E.EFAULT);
  assert.is(openFdCount(), fds);
  assert.not.ok(existsSync(join(dir, 'made-by-efault')), 'nothing created');
  assert.is(host.unlinkat(m.buf, AT_FDCWD, cut, 0), -E.EFAULT);
  assert.is(host.faccessat(m.buf, AT_FDCWD, cut, 0, 0), -E.EFAULT);
  assert.is(host.statfs(m.buf, cut, m.alloc(80)), -E.EFAULT);
  assert.is(host.statfs(m.buf, m.cstr(dir), end - 40), -E.EFAULT);
  assert.is(host.fstatat(m.buf, AT_FDCWD, m.cstr(dir), end - 64, 0), -E.EFAULT);
  assert.is(host.fstat(m.buf, 0, end - 127), -E.EFAULT);
  assert.is(host.fstat(m.buf, 0, 0), -E.EFAULT);
  assert.is(host.uname(m.buf, end - 389), -E.EFAULT);
  assert.is(host.getrlimit(m.buf, RLIMIT_NOFILE, end - 8), -E.EFAULT);
  assert.is(host.setrlimit(m.buf, RLIMIT_NOFILE, end - 15), -E.EFAULT);

  const fd = host.openat(m.buf, AT_FDCWD, m.cstr(join(dir, 'data')), O_RDONLY, 0);
  const buf = m.alloc(8);
  assert.is(host.readv(m.buf, fd, iovs(m, [[buf, 8], [end - 4, 8]]), 2), -E.EFAULT, 'second iovec');
  assert.is(host.lseek(fd, 0n, 1), 0n, 'nothing was read');
  assert.is(host.readv(m.buf, fd, end - 8, 2), -E.EFAULT, 'iovec array');
  assert.is(host.writev(m.buf, fd, iovs(m, [[end - 1, 2]]), 1), -E.EFAULT);
  assert.is(host.preadv(m.buf, fd, iovs(m, [[0, 4]]), 1, 0n), -E.EFAULT, 'NULL base');
  assert.is(host.readv(m.buf, fd, iovs(m, [[buf, 8]]), 1025), -E.EINVAL, 'more than IOV_MAX');
  assert.is(host.readv(m.buf, fd, iovs(m, [[buf, 8]]), -1), -E.EINVAL);
  host.close(fd);
});

test('memory growth: the buffer is read on every call', () => {
  const m = new ModuleMemory(1);
  const old = m.buf;
  m.memory.grow(1);
  const p = m.size - 100;
  m.u8.set(Buffer.from(`${dir}\0`), p);
  assert.is(host.faccessat(m.buf, AT_FDCWD, p, 0, 0), 0);
  assert.is(old.byteLength, 0, 'the old buffer is detached');
  assert.is(host.faccessat(old, AT_FDCWD, p, 0, 0), -E.EFAULT);
});

runWithFdCheck(test);
