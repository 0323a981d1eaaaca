// XDP (BPF link and legacy netlink) and tc on a veth pair, with real packets: the work runs
// in a child in a private network namespace (tests/helpers/attach-net-child.mjs), whose
// peer namespace and veth pair it makes and deletes itself.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runInPrivateNetns } from '../dist/veth-lab.js';
import { kernelTestsCanRun } from './helpers/kernel.mjs';

const child = fileURLToPath(new URL('./helpers/attach-net-child.mjs', import.meta.url));
let out;

test('the child ran in its private namespace and left no namespace behind', () => {
  const before = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  const r = runInPrivateNetns(child, [], { capture: true });
  assert.is(r.status, 0, r.stderr);
  out = JSON.parse(r.stdout.trim().split('\n').pop());
  assert.is(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }), before);
});

test('XDP link: the program counts real packets, update() swaps in XDP_DROP, destroy restores', () => {
  assert.ok(out.pingBefore, 'ping works before anything is attached');
  assert.is(out.linkInfo.type, 6); // BPF_LINK_TYPE_XDP
  assert.ok(out.linkInfo.detail.xdpIfindex > 0);
  assert.ok(out.pingWithCounter);
  assert.ok(out.xdpCounted >= 3, `counted ${out.xdpCounted} packets for 3 pings`);
  assert.not.equal(out.linkProgAfterUpdate, out.linkInfo.progId);
  assert.not.ok(out.pingWithDropLink, 'XDP_DROP makes ping fail');
  assert.ok(out.pingAfterLinkDestroy, 'destroying the link restores ping');
});

test('legacy XDP through netlink: a link blocks it (EBUSY), attach/query/detach work', () => {
  assert.is(out.legacyOverLink.code, 'EBUSY');
  assert.match(out.legacyOverLink.message, /Can't replace active BPF XDP link/); // the kernel's ext ack, through recvmsg
  assert.ok(out.legacyQuery.progId > 0);
  assert.is(out.legacyQuery.attachMode, 1); // XDP_ATTACHED_DRV (veth has native XDP)
  assert.not.ok(out.pingWithDropLegacy);
  assert.is(out.legacyQueryAfterDetach.progId, 0);
  assert.ok(out.pingAfterLegacyDetach);
});

test('tc ingress and egress: a classifier counts packets; replace, EEXIST, detach', () => {
  for (const point of ['ingress', 'egress']) {
    const t = out[`tc_${point}`];
    assert.ok(t.ok, `${point}: ping passes (TC_ACT_OK)`);
    assert.ok(t.counted >= 3, `${point}: counted ${t.counted}`);
    assert.equal(t.query, t.filter);
    assert.is(t.filter.handle, 1);
    assert.ok(t.filter.progId > 0);
    assert.equal(t.replaced, t.filter);
    assert.is(t.again.code, 'EEXIST');
    assert.is(t.afterDetach.code, 'EINVAL'); // libbpf 1.1.2: no filter left at that handle/priority
  }
  assert.is(out.tc_ingress.created, null);
  assert.is(out.tc_egress.created.code, 'EEXIST'); // the clsact qdisc is shared by both points
});

test('a missing interface: ENODEV with the name, from if_nametoindex and from netlink', () => {
  assert.is(out.noSuchIf.code, 'ENODEV');
  assert.match(out.noSuchIf.message, /lbw-nosuch/);
  assert.match(out.noSuchIf.message, /hint: no interface/);
  assert.is(out.legacyNoSuchIf.code, 'ENODEV');
});

test('examples/xdp-counter runs and counts the pings, through a link and through netlink', () => {
  const script = fileURLToPath(new URL('../examples/xdp-counter/run.mjs', import.meta.url));
  for (const extra of [[], ['--legacy']]) {
    const r = JSON.parse(execFileSync(process.execPath, [script, '--json', ...extra], { encoding: 'utf8' }).trim());
    assert.ok(r.pingOk);
    assert.ok(r.progId > 0);
    assert.ok(r.after.ICMP >= 5, `ICMP counted: ${JSON.stringify(r.after)}`);
    assert.is(r.before.ICMP, undefined);
    assert.is(r.attachedAfterDetach, 0);
  }
});

if (kernelTestsCanRun('attach-net.test.mjs')) test.run();
