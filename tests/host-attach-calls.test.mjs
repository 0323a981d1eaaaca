// The host calls libbpf's attach code makes beyond bpf(): perf_event_open (with config1
// translated only for the kprobe/uprobe PMUs), ioctl (perf requests only), netlink sockets
// (bind, getsockname, setsockopt, send, recvmsg with a wasm32 msghdr), if_nametoindex,
// getcwd and readlinkat. Each bound is checked with an address outside the module memory:
// -EFAULT, and proof that the kernel did nothing.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openFdCount, runWithFdCheck } from './helpers/fds.mjs';
import { E, ModuleMemory, host } from './helpers/host.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';

const test = suite('host attach calls');
const ENOTTY = 25, ENODEV = 19, EAGAIN = 11;
const AF_NETLINK = 16, SOCK_RAW = 3, NETLINK_ROUTE = 0, SOL_NETLINK = 270, NETLINK_EXT_ACK = 11;
const SOL_SOCKET = 1, SO_ATTACH_FILTER = 26, MSG_DONTWAIT = 0x40, F_GETFD = 1;
const PERF_TYPE_TRACEPOINT = 2, PERF_ATTR_SIZE = 128;
const PERF_EVENT_IOC_ENABLE = 0x2400;
const uprobeType = Number(readFileSync('/sys/bus/event_source/devices/uprobe/type', 'utf8'));

/** A perf_event_attr (PERF_ATTR_SIZE_VER7 bytes) in module memory. */
function perfAttr(m, { type, size = PERF_ATTR_SIZE, config = 0n, config1 = 0n, config2 = 0n }) {
  const a = m.alloc(Math.max(size, PERF_ATTR_SIZE));
  const dv = m.dv;
  dv.setUint32(a, type, true);
  dv.setUint32(a + 4, size, true);
  dv.setBigUint64(a + 8, BigInt(config), true);
  dv.setBigUint64(a + 56, BigInt(config1), true);
  dv.setBigUint64(a + 64, BigInt(config2), true);
  return a;
}
const perfOpen = (m, attr) => host.perfEventOpen(m.buf, attr, -1, 0, -1, 0);

test('perf_event_open: the attr itself must lie in memory', () => {
  const m = new ModuleMemory();
  const fds = openFdCount();
  assert.is(perfOpen(m, 0), -E.EFAULT);
  assert.is(perfOpen(m, m.size - 4), -E.EFAULT);
  const a = perfAttr(m, { type: uprobeType });
  m.dv.setUint32(a + 4, m.size, true); // its size runs past the end
  assert.is(perfOpen(m, a), -E.EFAULT);
  assert.is(openFdCount(), fds);
});

test('perf_event_open: a longer attr needs a zero tail (E2BIG, size written back)', () => {
  const m = new ModuleMemory();
  const a = perfAttr(m, { type: uprobeType, size: 4096 });
  m.u8[a + 4000] = 1;
  assert.is(perfOpen(m, a), -E.E2BIG);
  assert.ok(m.dv.getUint32(a + 4, true) < 4096);
});

test('perf_event_open: uprobe config1 is a path checked and translated', () => {
  const m = new ModuleMemory();
  const fds = openFdCount();
  for (const config1 of [BigInt(m.size + 16), 1n << 40n]) {
    assert.is(perfOpen(m, perfAttr(m, { type: uprobeType, config1 })), -E.EFAULT, `config1 ${config1}`);
  }
  // A string whose NUL would lie past the end of memory.
  const tail = m.size - 8;
  m.u8.fill(0x41, tail, m.size);
  assert.is(perfOpen(m, perfAttr(m, { type: uprobeType, config1: tail })), -E.EFAULT);
  assert.is(openFdCount(), fds, 'the kernel opened nothing');
  // The same call with a real path and a real file offset succeeds.
  const fd = perfOpen(m, perfAttr(m, { type: uprobeType, config1: m.cstr('/bin/true'), config2: 0 }));
  assert.ok(fd >= 0, `uprobe perf event: ${fd}`);
  assert.is(host.fcntl(fd, F_GETFD, 0), 1, 'close-on-exec');
  host.close(fd);
});

test('perf_event_open: config1 of other PMUs is a number, not a pointer', () => {
  const m = new ModuleMemory();
  // A tracepoint id that does not exist: the kernel answers, whatever config1 holds.
  const r = perfOpen(m, perfAttr(m, { type: PERF_TYPE_TRACEPOINT, config: 0xfffffffn, config1: 1n << 40n }));
  assert.ok(r < 0 && r !== -E.EFAULT, `kernel's answer: ${r}`);
});

test('ioctl: only the perf requests, whose argument is an integer', () => {
  const m = new ModuleMemory();
  const fd = host.openat(m.buf, -100, m.cstr('/dev/null'), 0, 0);
  assert.is(host.ioctl(fd, 0x5401 /* TCGETS: a pointer */, 0), -E.EINVAL);
  assert.is(host.ioctl(fd, PERF_EVENT_IOC_ENABLE, 0), -ENOTTY, 'the kernel saw a perf request on /dev/null');
  host.close(fd);
});

function netlinkSocket(m) {
  const fd = host.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
  assert.ok(fd >= 0);
  assert.is(host.fcntl(fd, F_GETFD, 0), 1, 'close-on-exec');
  const sa = m.alloc(12);
  m.dv.setUint16(sa, AF_NETLINK, true);
  assert.is(host.bind(m.buf, fd, 0, 12), -E.EFAULT);
  assert.is(host.bind(m.buf, fd, m.size - 4, 12), -E.EFAULT);
  assert.is(host.bind(m.buf, fd, sa, 4096), -E.EINVAL);
  assert.is(host.bind(m.buf, fd, sa, 12), 0);
  return fd;
}

test('netlink socket: bind, getsockname, setsockopt bounds', () => {
  const m = new ModuleMemory();
  const fd = netlinkSocket(m);
  const sa = m.alloc(12), lenp = m.alloc(4);
  m.dv.setUint32(lenp, 12, true);
  assert.is(host.getsockname(m.buf, fd, sa, m.size), -E.EFAULT);
  m.dv.setUint32(lenp, m.size, true);
  assert.is(host.getsockname(m.buf, fd, sa, lenp), -E.EFAULT, '*lenp larger than what is left of memory');
  m.dv.setUint32(lenp, 12, true);
  assert.is(host.getsockname(m.buf, fd, sa, lenp), 0);
  assert.is(m.dv.getUint16(sa, true), AF_NETLINK);
  assert.ok(m.dv.getUint32(sa + 4, true) > 0, 'the kernel assigned a port id');
  const one = m.alloc(4);
  m.dv.setUint32(one, 1, true);
  assert.is(host.setsockopt(m.buf, fd, SOL_SOCKET, SO_ATTACH_FILTER, one, 16), -E.EINVAL, 'a sock_fprog holds a pointer');
  assert.is(host.setsockopt(m.buf, fd, SOL_NETLINK, NETLINK_EXT_ACK, m.size - 2, 4), -E.EFAULT);
  assert.is(host.setsockopt(m.buf, fd, SOL_NETLINK, NETLINK_EXT_ACK, one, 4), 0);
  host.close(fd);
});

/** A wasm32 struct msghdr: name, namelen, iov, iovlen, control, controllen, flags. */
function msghdr(m, { name = 0, namelen = 0, iov, iovlen = 1, control = 0, controllen = 0 }) {
  const h = m.alloc(28);
  [name, namelen, iov, iovlen, control, controllen, 0].forEach((v, i) => m.dv.setUint32(h + 4 * i, v >>> 0, true));
  return h;
}
function iovec(m, base, len) {
  const v = m.alloc(8);
  m.dv.setUint32(v, base, true);
  m.dv.setUint32(v + 4, len, true);
  return v;
}

test('send and recvmsg: out-of-memory buffers fail before the kernel sees them', () => {
  const m = new ModuleMemory();
  const fd = netlinkSocket(m);
  const buf = m.alloc(8192);
  const peek = () => host.recvmsg(m.buf, fd, msghdr(m, { iov: iovec(m, buf, 8192) }), MSG_DONTWAIT | 0x2 /* MSG_PEEK */);
  assert.is(host.send(m.buf, fd, m.size - 8, 32, 0), -E.EFAULT);
  assert.is(peek(), -EAGAIN, 'nothing was sent, so nothing came back');

  // RTM_GETLINK dump request: nlmsghdr (16) + ifinfomsg (16).
  const req = m.alloc(32);
  const dv = m.dv;
  dv.setUint32(req, 32, true);
  dv.setUint16(req + 4, 18 /* RTM_GETLINK */, true);
  dv.setUint16(req + 6, 0x1 | 0x300 /* NLM_F_REQUEST | NLM_F_DUMP */, true);
  dv.setUint32(req + 8, 1, true);
  assert.is(host.send(m.buf, fd, req, 32, 0), 32);

  const name = m.alloc(12);
  assert.is(host.recvmsg(m.buf, fd, m.size - 8, 0), -E.EFAULT, 'the msghdr itself');
  assert.is(host.recvmsg(m.buf, fd, msghdr(m, { iov: iovec(m, m.size - 16, 4096) }), 0), -E.EFAULT, 'an iovec buffer');
  assert.is(host.recvmsg(m.buf, fd, msghdr(m, { iov: m.size - 4 }), 0), -E.EFAULT, 'the iovec array');
  assert.is(host.recvmsg(m.buf, fd, msghdr(m, { iov: iovec(m, buf, 64), iovlen: 1025 }), 0), -E.EINVAL, 'iovlen over IOV_MAX');
  assert.is(host.recvmsg(m.buf, fd, msghdr(m, { name: m.size - 4, namelen: 12, iov: iovec(m, buf, 64) }), 0), -E.EFAULT, 'msg_name');
  assert.is(host.recvmsg(m.buf, fd, msghdr(m, { iov: iovec(m, buf, 64), control: buf, controllen: 64 }), 0), -E.EINVAL, 'control data');

  // The answer is still queued: none of the failed calls consumed it.
  const h = msghdr(m, { name, namelen: 12, iov: iovec(m, buf, 8192) });
  const n = host.recvmsg(m.buf, fd, h, MSG_DONTWAIT);
  assert.ok(n >= 16, `received ${n}`);
  assert.is(m.dv.getUint16(buf + 4, true), 16 /* RTM_NEWLINK */);
  assert.is(m.dv.getUint32(h + 4, true), 12, 'msg_namelen written back');
  assert.is(m.dv.getUint16(name, true), AF_NETLINK, 'the sender address');
  host.close(fd);
});

test('if_nametoindex, getcwd, readlinkat', () => {
  const m = new ModuleMemory();
  assert.is(host.ifNametoindex(m.buf, m.size + 1), -E.EFAULT);
  assert.is(host.ifNametoindex(m.buf, m.cstr('lbw-no-such-if')), -ENODEV);
  assert.ok(host.ifNametoindex(m.buf, m.cstr('lo')) > 0);

  const buf = m.alloc(4096);
  assert.is(host.getcwd(m.buf, m.size - 4, 4096), -E.EFAULT);
  const n = host.getcwd(m.buf, buf, 4096);
  assert.is(m.readCstr(buf), process.cwd());
  assert.is(n, process.cwd().length + 1);

  const dir = mkdtempSync(join(tmpdir(), 'lbw-readlink-'));
  try {
    symlinkSync('/some/target', join(dir, 'l'));
    const p = m.cstr(join(dir, 'l'));
    assert.is(host.readlinkat(m.buf, -100, m.size + 4, buf, 64), -E.EFAULT);
    assert.is(host.readlinkat(m.buf, -100, p, m.size - 4, 64), -E.EFAULT);
    assert.is(host.readlinkat(m.buf, -100, p, buf, 64), '/some/target'.length);
    assert.is(Buffer.from(m.u8.subarray(buf, buf + 12)).toString(), '/some/target');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

if (kernelTestsCanRun('host-attach-calls.test.mjs')) runWithFdCheck(test);
