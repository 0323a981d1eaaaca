// Attachments against the real kernel, in this process: raw tracepoint, task iterator,
// uprobe on a binary the test builds, cgroup skb (link and prog_attach) on a cgroup of a
// private cgroup2 mount, sk_lookup on a network namespace the test makes, a tracepoint in
// a child with a private tracefs, link pins outliving their process, and the failures this
// kernel gives (no kprobes) compared with native libbpf 1.1.2.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AttachType, BpfLink, BpfObject, LibbpfError, progAttach, progDetach, progQuery, setLogger } from '../dist/index.js';
import { runInPrivateNetns } from '../dist/veth-lab.js';
import { openFdCount, runWithFdCheck } from './helpers/fds.mjs';
import { ModuleMemory, host } from './helpers/host.mjs';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { readU64, repoRoot, testObject, u32 } from './helpers/objects.mjs';

const test = suite('attach (kernel)');
const SLOT = { RAW_TP: 0, UPROBE: 3, CGROUP_SKB: 4, SK_LOOKUP: 5, CGROUP_SOCK: 6, PERF_EVENT: 7 };
const nativeAttach = `${repoRoot}build/native/bin/attach`;
/** Native libbpf 1.1.2's answer to one attach (tests/native/attach.c): errno and warnings. */
function nativeAnswer(object, prog, ...args) {
  const out = execFileSync(nativeAttach, [testObject(object), prog, ...args], { encoding: 'utf8' });
  return {
    errno: Number(out.match(/errno (\d+)/)[1]),
    log: out.split('\n').filter((l) => l.startsWith('warn: ')).map((l) => l.slice(6).trim()),
  };
}
/** A module LibbpfError with native's errno and the same warnings. */
function assertAsNative(e, native, label) {
  assert.instance(e, LibbpfError, label);
  assert.is(e.errno, native.errno, label);
  assert.equal(e.log.map((l) => l.trim()), native.log, label);
}
let obj;
const hit = (slot) => Number(readU64(obj.map('hits').lookup(u32(slot))));
const quietly = (fn) => {
  setLogger(() => {});
  try { return fn(); } finally { setLogger(null); }
};

/** A cgroup in a private cgroup2 mount; removed (and unmounted) afterwards. */
function withTestCgroup(fn) {
  const root = mkdtempSync(join(tmpdir(), 'lbw-cg-'));
  execFileSync('mount', ['-t', 'cgroup2', 'none', root]);
  const cg = join(root, `lbw-test-${process.pid}`);
  mkdirSync(cg);
  const pingIn = () => spawnSync('/bin/sh', ['-c', `echo $$ > ${cg}/cgroup.procs && exec ping -q -c 2 -i 0.2 -W 1 127.0.0.1`]);
  try {
    return fn(cg, pingIn, root);
  } finally {
    for (let i = 0; i < 50; i++) { try { rmdirSync(cg); break; } catch { spawnSync('sleep', ['0.1']); } }
    execFileSync('umount', [root]);
    rmdirSync(root);
  }
}

test.before(() => {
  obj = BpfObject.open(testObject('attach_progs'));
  obj.load();
});
test.after(() => obj.close());

test('raw tracepoint: runs on every syscall while attached, never after destroy', () => {
  const link = obj.program('raw_tp_sys_enter').attachRawTracepoint('sys_enter');
  assert.is(link.info().type, 1); // BPF_LINK_TYPE_RAW_TRACEPOINT
  const n0 = hit(SLOT.RAW_TP);
  execFileSync('/bin/true');
  assert.ok(hit(SLOT.RAW_TP) > n0);
  link.destroy();
  link.destroy(); // idempotent
  const n1 = hit(SLOT.RAW_TP);
  execFileSync('/bin/true');
  assert.is(hit(SLOT.RAW_TP), n1);
  assert.throws(() => link.fd, (e) => e instanceof LibbpfError && e.code === 'EBADF');
});

test('task iterator: its output, read back, lists this process', () => {
  const link = obj.program('iter_tasks').attachIter();
  const text = link.readIter();
  assert.ok(text.split('\n').some((l) => l.startsWith(`${process.pid} `)), text.slice(0, 200));
  assert.ok(link.readIter().length > 0, 'each read runs the iterator anew');
  link.destroy();
});

test('map iterator: attachIter({ mapFd }) walks that map', () => {
  const hits = obj.map('hits');
  hits.update(u32(9), new Uint8Array(new BigUint64Array([4242n]).buffer));
  const link = obj.program('iter_map_elems').attachIter({ mapFd: hits.fd });
  const lines = link.readIter().trim().split('\n');
  assert.is(lines.length, 16); // every slot of the array
  assert.ok(lines.includes('9=4242'), lines.join(' '));
  link.destroy();
  const e = quietly(() => { try { obj.program('iter_map_elems').attachIter(); } catch (err) { return err; } });
  assert.instance(e, LibbpfError); // a map iterator without a map: the kernel's EBADF
  assert.is(e.code, 'EBADF');
});

test('uprobe on a function of a binary built here: counts its calls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbw-uprobe-'));
  try {
    writeFileSync(join(dir, 't.c'), '__attribute__((noinline)) int lbw_target(int x) { __asm__ volatile(""); return x + 1; }\n' +
      'int main(void) { int s = 0; for (int i = 0; i < 3; i++) s += lbw_target(i); return s == 6 ? 0 : 1; }\n');
    execFileSync('gcc', ['-O1', '-o', join(dir, 't'), join(dir, 't.c')]);
    const link = obj.program('uprobe_count').attachUprobe({ binaryPath: join(dir, 't'), funcName: 'lbw_target' });
    const n0 = hit(SLOT.UPROBE);
    execFileSync(join(dir, 't'));
    assert.is(hit(SLOT.UPROBE) - n0, 3);
    link.destroy();
    execFileSync(join(dir, 't'));
    assert.is(hit(SLOT.UPROBE) - n0, 3);
    // A return probe fires as often; a pid filter for another process never fires.
    const ret = obj.program('uprobe_count').attachUprobe({ binaryPath: join(dir, 't'), funcName: 'lbw_target', retprobe: true });
    execFileSync(join(dir, 't'));
    assert.is(hit(SLOT.UPROBE) - n0, 6);
    ret.destroy();
    const other = obj.program('uprobe_count').attachUprobe({ binaryPath: join(dir, 't'), funcName: 'lbw_target', pid: process.pid });
    execFileSync(join(dir, 't'));
    assert.is(hit(SLOT.UPROBE) - n0, 6, 'the binary ran as another pid');
    other.destroy();
    const e = quietly(() => { try { obj.program('uprobe_count').attachUprobe({ binaryPath: join(dir, 't'), funcName: 'no_such_fn' }); } catch (err) { return err; } });
    assertAsNative(e, nativeAnswer('attach_progs', 'uprobe_count', 'uprobe', join(dir, 't'), 'no_such_fn'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('USDT on a binary built here: arguments in a register, in memory and constant, and the cookie, as native libbpf attaches it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbw-usdt-'));
  try {
    const bin = join(dir, 't');
    execFileSync('gcc', ['-O1', '-o', bin, `${repoRoot}tests/helpers/usdt_target.c`]);
    assert.is(nativeAnswer('usdt_probe', 'usdt_count', 'usdt', bin, 'lbw', 'hello').errno, 0);
    const o = BpfObject.open(testObject('usdt_probe'));
    try {
      o.load();
      const hello = o.program('usdt_count').attachUsdt({ binaryPath: bin, provider: 'lbw', name: 'hello', cookie: 77 });
      const three = o.program('usdt_args3').attachUsdt({ binaryPath: bin, provider: 'lbw', name: 'three' });
      execFileSync(bin);
      const g = o.globals;
      assert.is(g.usdt_hits, 3n);
      assert.is(g.usdt_arg0, 42n); // the last fire(40 + i)
      assert.is(g.usdt_cookie, 77n);
      assert.is(g.usdt_arg_cnt, 3);
      // -4@%edi, 8@-8(%rsp) holding 3 * 2^32 + 5 (read whole: 64-bit), -4@$-7
      assert.equal([...g.usdt_args], [3n, 3n * 2n ** 32n + 5n, -7n]);
      hello.destroy();
      three.destroy();
      assert.is(execFileSync(bin, { encoding: 'utf8' }), 'semaphore 0\n');
      assert.is(o.globals.usdt_hits, 3n, 'nothing after destroy');

      // A probe with a semaphore: libbpf turns its address into a file offset (ref_ctr_offset)
      // and the kernel counts it up in every process while the probe is attached.
      const gated = o.program('usdt_count').attachUsdt({ binaryPath: bin, provider: 'lbw', name: 'gated' });
      assert.is(execFileSync(bin, { encoding: 'utf8' }), 'semaphore 1\n');
      assert.is(o.globals.usdt_hits, 4n, 'the gated probe fired once');
      assert.is(o.globals.usdt_arg0, 7n);
      gated.destroy();
      assert.is(execFileSync(bin, { encoding: 'utf8' }), 'semaphore 0\n');
      // For one process only (this one): the binary, run as another, is not seen.
      const mine = o.program('usdt_count').attachUsdt({ binaryPath: bin, provider: 'lbw', name: 'hello', pid: process.pid });
      execFileSync(bin);
      assert.is(o.globals.usdt_hits, 4n);
      mine.destroy();

      // A probe the binary does not have: libbpf's ENOENT and warnings, as native.
      const e = quietly(() => { try { o.program('usdt_count').attachUsdt({ binaryPath: bin, provider: 'lbw', name: 'nope' }); } catch (err) { return err; } });
      assertAsNative(e, nativeAnswer('usdt_probe', 'usdt_count', 'usdt', bin, 'lbw', 'nope'));
      assert.match(e.message, /hint: binary, function or probe not found/);
    } finally {
      o.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cgroup skb and sock: a link and prog_attach on a test cgroup count its packets and sockets', () => {
  withTestCgroup((cg, inCgroup, root) => {
    const prog = obj.program('cgroup_skb_count');
    const link = prog.attachCgroup(cg);
    const info = link.info();
    assert.is(info.type, 3); // BPF_LINK_TYPE_CGROUP
    assert.is(info.detail.cgroupAttachType, AttachType.CGROUP_INET_EGRESS);
    assert.is(info.detail.cgroupId, BigInt(statSync(cg).ino));
    let n0 = hit(SLOT.CGROUP_SKB);
    assert.is(inCgroup().status, 0);
    assert.ok(hit(SLOT.CGROUP_SKB) - n0 >= 2);
    link.destroy();

    progAttach(cg, prog, AttachType.CGROUP_INET_EGRESS);
    const q = progQuery(cg, AttachType.CGROUP_INET_EGRESS);
    assert.is(q.progIds.length, 1);
    n0 = hit(SLOT.CGROUP_SKB);
    assert.is(inCgroup().status, 0);
    assert.ok(hit(SLOT.CGROUP_SKB) - n0 >= 2);
    progDetach(cg, prog, AttachType.CGROUP_INET_EGRESS);
    assert.is(progQuery(cg, AttachType.CGROUP_INET_EGRESS).progIds.length, 0);
    const e = quietly(() => { try { progDetach(cg, prog, AttachType.CGROUP_INET_EGRESS); } catch (err) { return err; } });
    assert.is(e.code, 'ENOENT');
    assert.throws(() => prog.attachCgroup(join(root, 'no-such')), /cannot open cgroup/);

    // A sock program on the same cgroup: every socket made in it.
    const sock = obj.program('cgroup_sock_count').attachCgroup(cg);
    assert.is(sock.info().detail.cgroupAttachType, AttachType.CGROUP_INET_SOCK_CREATE);
    n0 = hit(SLOT.CGROUP_SOCK);
    assert.is(inCgroup().status, 0);
    assert.ok(hit(SLOT.CGROUP_SOCK) - n0 >= 1, 'ping made a socket in the cgroup');
    sock.destroy();
  });
});

test('netns: an sk_lookup link on a namespace the test makes runs on its connections, not after destroy', () => {
  const name = `lbw-sklookup-${process.pid}`;
  execFileSync('ip', ['netns', 'add', name]);
  // A TCP connect to a closed port of the namespace's loopback: the SYN's socket lookup
  // runs sk_lookup programs (the connect itself is refused).
  const connectInNetns = () => spawnSync('ip', ['netns', 'exec', name, 'bash', '-c',
    'ip link set lo up; exec 3<>/dev/tcp/127.0.0.1/9'], { encoding: 'utf8' });
  try {
    const link = obj.program('sk_lookup_pass').attachNetns(`/run/netns/${name}`);
    const info = link.info();
    assert.is(info.type, 5); // BPF_LINK_TYPE_NETNS
    assert.is(info.detail.netnsIno, statSync(`/run/netns/${name}`).ino);
    assert.is(info.detail.netnsAttachType, AttachType.SK_LOOKUP);
    const n0 = hit(SLOT.SK_LOOKUP);
    assert.match(connectInNetns().stderr, /refused/);
    assert.ok(hit(SLOT.SK_LOOKUP) > n0, 'the lookup ran the program');
    link.destroy();
    const n1 = hit(SLOT.SK_LOOKUP);
    connectInNetns();
    assert.is(hit(SLOT.SK_LOOKUP), n1, 'nothing after destroy');
  } finally {
    execFileSync('ip', ['netns', 'del', name]);
  }
});

test('tracepoint syscalls/sys_enter_execve (private tracefs in a child): sees the exec', () => {
  const child = fileURLToPath(new URL('./helpers/attach-tracefs-child.mjs', import.meta.url));
  const r = runInPrivateNetns(child, [], { capture: true, mount: true });
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  for (const how of ['explicit', 'auto']) {
    assert.is(out[how].info.type, 7, how); // BPF_LINK_TYPE_PERF_EVENT
    assert.ok(out[how].childSeen, `${how}: the exec was seen`);
    assert.not.ok(out[how].seenAfterDestroy, `${how}: nothing after destroy`);
  }
  assert.is(out.missing.code, 'ENOENT');
  assert.match(out.missing.message, /hint: no tracepoint syscalls\/sys_enter_no_such_call/);
});

test('no kprobes in this kernel: kprobe and ksyscall fail exactly as native libbpf does', () => {
  for (const [prog, args] of [['kprobe_nanosleep', ['auto']], ['ksyscall_nanosleep', ['ksyscall', 'nanosleep']]]) {
    const e = quietly(() => {
      try {
        if (args[0] === 'auto') obj.program(prog).attach(); else obj.program(prog).attachKsyscall(args[1]);
      } catch (err) { return err; }
    });
    assertAsNative(e, nativeAnswer('attach_progs', prog, ...args), prog);
    assert.match(e.message, /hint: kprobe on .*CONFIG_KPROBES/);
  }
});

test('kprobe_multi (by SEC(), by pattern, by names) on a kernel without kprobes: EOPNOTSUPP as native', () => {
  const p = obj.program('kprobe_multi_nanosleep');
  for (const [label, call, nativeArgs] of [
    ['auto', () => p.attach(), ['auto']],
    ['pattern', () => p.attachKprobeMulti({ pattern: 'do_nano*' }), ['kprobe_multi', 'do_nano*']],
    ['syms', () => p.attachKprobeMulti({ syms: ['do_nanosleep', 'hrtimer_nanosleep'], retprobe: true }), ['kprobe_multi_syms', 'do_nanosleep,hrtimer_nanosleep']],
  ]) {
    const e = quietly(() => { try { call(); } catch (err) { return err; } });
    assertAsNative(e, nativeAnswer('attach_progs', 'kprobe_multi_nanosleep', ...nativeArgs), label);
    assert.match(e.message, /hint: kprobe on .*CONFIG_FPROBE/);
  }
  assert.throws(() => p.attachKprobeMulti({}), TypeError);
  assert.throws(() => p.attachKprobeMulti({ pattern: 'a', syms: ['b'] }), TypeError);
  assert.throws(() => p.attachKprobeMulti({ syms: ['ok', ''] }), TypeError);
});

test('perf_event: a cpu-clock event opened here runs the program; the link takes the fd over', () => {
  const fds = openFdCount();
  const m = new ModuleMemory();
  const attr = m.alloc(128);
  const dv = m.dv;
  dv.setUint32(attr, 1, true); // PERF_TYPE_SOFTWARE
  dv.setUint32(attr + 4, 128, true);
  dv.setBigUint64(attr + 8, 0n, true); // PERF_COUNT_SW_CPU_CLOCK
  dv.setBigUint64(attr + 16, 100000n, true); // sample_period: every 100 us of this process's CPU time
  const pfd = host.perfEventOpen(m.buf, attr, 0, -1, -1, 0);
  assert.ok(pfd >= 0, `perf_event_open: ${pfd}`);
  const link = obj.program('perf_event_count').attachPerfEvent(pfd);
  assert.is(link.info().type, 7); // BPF_LINK_TYPE_PERF_EVENT
  const n0 = hit(SLOT.PERF_EVENT);
  for (const end = Date.now() + 100; Date.now() < end;); // CPU time for the samples
  assert.ok(hit(SLOT.PERF_EVENT) - n0 > 0, 'samples ran the program');
  link.destroy();
  assert.is(openFdCount(), fds, 'destroy closed the perf event fd with the link');
  // Not a perf event: libbpf's EINVAL and message; the caller keeps its fd.
  const e = quietly(() => { try { obj.program('perf_event_count').attachPerfEvent(0); } catch (err) { return err; } });
  assert.instance(e, LibbpfError);
  assert.match(e.log.join('\n'), /failed to create BPF link for perf_event FD 0/);
  assert.match(e.message, /hint: perf event fd 0 is not a perf event fd/);
  assert.throws(() => obj.program('perf_event_count').attachPerfEvent(-1), RangeError);
});

test('obj.attach() attaches what SEC() alone can, skipping targetless SEC()s; all or nothing', () => {
  const o = BpfObject.open(testObject('attach_progs'));
  try {
    for (const p of o.programs) p.setAutoload(['raw_tp_sys_enter', 'iter_tasks', 'xdp_drop'].includes(p.name));
    o.load();
    const links = o.attach();
    assert.equal(links.map((l) => l.info().type).sort(), [1, 4]); // raw tracepoint, iter; plain "xdp" skipped
    for (const l of links) l.destroy();
  } finally {
    o.close();
  }
});

test('link lifetime: a child attaches and pins, exits; the program still runs; the parent detaches; nothing left', () => {
  const fs = mountBpffs();
  try {
    withTestCgroup((cg, inCgroup) => {
      const script = `
        import { BpfObject } from '${repoRoot}dist/index.js';
        const o = BpfObject.open('${testObject('attach_progs')}');
        o.load();
        o.program('cgroup_skb_count').attachCgroup('${cg}').pin('${fs.dir}/link');
        o.map('hits').pin('${fs.dir}/hits');
        o.close();`;
      execFileSync(process.execPath, ['--input-type=module', '-e', script]);
      const count = () => {
        const j = JSON.parse(execFileSync('bpftool', ['-j', 'map', 'lookup', 'pinned', `${fs.dir}/hits`, 'key', String(SLOT.CGROUP_SKB), '0', '0', '0'], { encoding: 'utf8' }));
        return Number(j.formatted?.value ?? Buffer.from(j.value.map((b) => Number(b))).readBigUInt64LE());
      };
      const c0 = count();
      assert.is(inCgroup().status, 0);
      assert.ok(count() - c0 >= 2, 'the pinned link keeps the program attached after its process ended');
      const link = BpfLink.fromPinned(`${fs.dir}/link`);
      const { id, type, progId } = link.info();
      assert.is(type, 3);
      assert.is(link.pinPath, `${fs.dir}/link`); // bpf_link__open records the path
      link.detach();
      const c1 = count();
      assert.is(inCgroup().status, 0);
      assert.is(count(), c1, 'detached: the program no longer runs');
      link.unpin();
      assert.is(link.pinPath, null);
      link.destroy();
      rmSync(`${fs.dir}/hits`);
      assert.equal(pinsUnder(fs.dir), []);
      assert.ok(spawnSync('bpftool', ['link', 'show', 'id', String(id)]).status !== 0, 'the link is gone');
      assert.ok(spawnSync('bpftool', ['prog', 'show', 'id', String(progId)]).status !== 0, 'and its program');
      assert.throws(() => BpfLink.fromPinned(`${fs.dir}/link`), (e) => e.code === 'ENOENT');
    });
  } finally {
    fs.cleanup();
  }
});

test('raw tracepoint links cannot be detached (the kernel says EOPNOTSUPP); destroy releases them', () => {
  const link = obj.program('raw_tp_sys_enter').attach();
  const e = quietly(() => { try { link.detach(); } catch (err) { return err; } });
  assert.is(e.code, 'EOPNOTSUPP');
  link.destroy();
});

test('setAttachTarget before load: libbpf resolves the function in the kernel BTF (ESRCH when absent); fentry then fails to load here', () => {
  const o = BpfObject.open(testObject('fentry'));
  try {
    const p = o.program('p_fentry');
    p.setAttachTarget(0, 'do_sys_openat2');
    const e = quietly(() => { try { p.setAttachTarget(0, 'lbw_no_such_function'); } catch (err) { return err; } });
    assert.is(e.code, 'ESRCH');
    assert.throws(() => p.setAttachTarget(-1), RangeError);
    const load = quietly(() => { try { o.load(); } catch (err) { return err; } });
    assert.is(load.code, 'EPERM'); // this kernel refuses fentry (BPF trampolines)
    const att = quietly(() => { try { p.attachTrace(); } catch (err) { return err; } });
    assert.instance(att, LibbpfError);
    assert.match(att.message, /hint:/);
  } finally {
    o.close();
  }
});

test('bad arguments: TypeError/RangeError before libbpf', () => {
  const p = obj.program('raw_tp_sys_enter');
  assert.throws(() => p.attachRawTracepoint(''), TypeError);
  assert.throws(() => p.attachUprobe(null), TypeError);
  assert.throws(() => p.attachUprobe({ binaryPath: '/bin/true', offset: -1 }), RangeError);
  assert.throws(() => p.attachXdp({}), TypeError);
  assert.throws(() => p.attachKprobe('x', { retprobe: 'yes' }), TypeError);
  assert.throws(() => new BpfLink(Symbol('x'), null, 0), TypeError);
});

if (kernelTestsCanRun('attach-kernel.test.mjs')) runWithFdCheck(test);
