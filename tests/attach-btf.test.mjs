// The BTF-typed attachments, against the real kernel: tp_btf through attachTrace() and
// attach() (runs here), fmod_ret and lsm (attachTrace/attachLsm) and freplace
// (setAttachTarget + attachFreplace), whose loads this kernel refuses (EPERM: no BPF
// trampolines), and a struct_ops map (a TCP congestion control) registered by
// map.attachStructOps() and gone with its link. What native libbpf answers for the same
// calls is compared in the differential scenarios attach_btf_tracing and attach_struct_ops.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfObject, LibbpfError, setLogger } from '../dist/index.js';
import { runWithFdCheck } from './helpers/fds.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { testObject } from './helpers/objects.mjs';

const test = suite('attach (BTF-typed)');
const XDP_DROP = 1, XDP_PASS = 2;
const quietly = (fn) => {
  setLogger(() => {});
  try { return fn(); } catch (e) { return e; } finally { setLogger(null); }
};

/** attach_btf.bpf.o with only `name` loaded (a refused program would fail the others' load). */
function openOnly(name) {
  const o = BpfObject.open(testObject('attach_btf'));
  for (const p of o.programs) p.setAutoload(p.name === name);
  return o;
}

/** A program whose load failed: attaching is libbpf's EINVAL, with the not-loaded hint. */
function assertNotLoaded(e, name) {
  assert.instance(e, LibbpfError);
  assert.is(e.code, 'EINVAL');
  assert.equal(e.log.map((l) => l.trim()), [`libbpf: prog '${name}': can't attach before loaded`]);
  assert.match(e.message, /hint: the program is not loaded/);
}

test('tp_btf: attachTrace() and attach() run the program on every syscall; nothing after destroy', () => {
  const o = openOnly('tp_btf_sys_enter');
  try {
    o.load();
    const p = o.program('tp_btf_sys_enter');
    for (const attach of [() => p.attachTrace(), () => p.attach()]) {
      const link = attach();
      const info = link.info();
      assert.is(info.type, 1); // tp_btf: the kernel makes a raw tracepoint link
      assert.is(info.detail.tpName, 'sys_enter');
      const n0 = o.globals.tp_btf_hits;
      execFileSync('/bin/true');
      assert.ok(o.globals.tp_btf_hits > n0);
      link.destroy();
      const n1 = o.globals.tp_btf_hits;
      execFileSync('/bin/true');
      assert.is(o.globals.tp_btf_hits, n1);
    }
    // libbpf 1.1.2's bpf_link_create() carries a tracing cookie for fentry/fexit/fmod_ret
    // only: for tp_btf a cookie is its own EINVAL, before the kernel.
    const e = quietly(() => p.attachTrace({ cookie: 5 }));
    assert.instance(e, LibbpfError);
    assert.is(e.code, 'EINVAL');
    assert.is(e.op, 'bpf_program__attach_trace_opts');
    assert.throws(() => p.attachTrace({ cookie: -1 }), TypeError);
  } finally {
    o.close();
  }
});

test('fmod_ret and lsm: the kernel refuses the load (EPERM); attachTrace/attachLsm then fail as libbpf does', () => {
  for (const [name, attach] of [['fmod_ret_file_open', (p) => p.attachTrace()], ['lsm_file_open', (p) => p.attachLsm()]]) {
    const o = openOnly(name);
    try {
      const load = quietly(() => o.load());
      assert.instance(load, LibbpfError, name);
      assert.is(load.code, 'EPERM', name);
      assertNotLoaded(quietly(() => attach(o.program(name))), name);
      assertNotLoaded(quietly(() => o.program(name).attach()), name);
    } finally {
      o.close();
    }
  }
});

test('freplace: the target is resolved before load (ENOENT for a function the target lacks); the kernel refuses the load here', () => {
  const target = BpfObject.open(testObject('freplace_target'));
  const ext = BpfObject.open(testObject('freplace_drop'));
  try {
    target.load();
    const entry = target.program('xdp_entry');
    const run = () => entry.testRun({ data: new Uint8Array(64) }).retval;
    assert.is(run(), XDP_PASS);
    const p = ext.program('xdp_verdict_drop');
    const missing = quietly(() => p.setAttachTarget(entry.fd, 'lbw_no_such_function'));
    assert.is(missing.code, 'ENOENT');
    p.setAttachTarget(entry.fd, 'xdp_verdict');
    const load = quietly(() => ext.load());
    if (load === undefined) {
      // A kernel that allows freplace: the target's verdict becomes the replacement's.
      const link = p.attachFreplace(entry.fd, 'xdp_verdict');
      assert.is(run(), XDP_DROP);
      link.destroy();
      assert.is(run(), XDP_PASS);
    } else {
      assert.is(load.code, 'EPERM');
      assertNotLoaded(quietly(() => p.attachFreplace(entry.fd, 'xdp_verdict')), 'xdp_verdict_drop');
      assert.is(run(), XDP_PASS, 'the target is untouched');
    }
    assert.throws(() => p.attachFreplace(-1, 'xdp_verdict'), RangeError);
    assert.throws(() => p.attachFreplace(entry.fd, ''), TypeError);
  } finally {
    ext.close();
    target.close();
  }
});

test('struct_ops: attachStructOps() registers the congestion control, destroy() unregisters it', () => {
  const available = () => readFileSync('/proc/sys/net/ipv4/tcp_available_congestion_control', 'utf8').trim().split(/\s+/);
  const o = BpfObject.open(testObject('struct_ops_cc'));
  try {
    const map = o.map('lbw_cc');
    const early = quietly(() => map.attachStructOps());
    assert.instance(early, LibbpfError); // before load: libbpf's EINVAL (the map has no fd)
    assert.is(early.code, 'EINVAL');
    o.load();
    assert.not.ok(available().includes('lbw_cc'), 'not registered by load');
    const link = map.attachStructOps();
    assert.ok(available().includes('lbw_cc'));
    const again = quietly(() => map.attachStructOps());
    assert.is(again.code, 'EBUSY', 'registered once');
    link.destroy();
    assert.not.ok(available().includes('lbw_cc'));
  } finally {
    o.close();
  }
  assert.not.ok(available().includes('lbw_cc'));
});

if (kernelTestsCanRun('attach-btf.test.mjs')) runWithFdCheck(test);
