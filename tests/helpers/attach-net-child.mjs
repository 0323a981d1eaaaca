// Runs in a private network namespace (tests/attach-net.test.mjs starts it through
// runInPrivateNetns): XDP (link and netlink) and tc on a veth pair, with real pings.
// Prints one JSON line of observations; the test asserts on them.
import { BpfObject, TcHook, xdpAttach, xdpDetach, xdpQuery, XdpFlags } from '../../dist/index.js';
import { createVethLab } from '../../dist/veth-lab.js';
import { testObject } from './objects.mjs';

const SLOT = { XDP: 1, TC: 2 };
const lab = createVethLab();
const obj = BpfObject.open(testObject('attach_progs'));
const out = {};
const errorOf = (fn) => {
  try { fn(); return null; } catch (e) { return { name: e.name, code: e.code, errno: e.errno, message: e.message }; }
};
try {
  obj.load();
  const hits = obj.map('hits');
  const hit = (slot) => Number(new DataView(hits.lookup(new Uint8Array(new Uint32Array([slot]).buffer)).buffer).getBigUint64(0, true));
  const pass = obj.program('xdp_pass_count'), drop = obj.program('xdp_drop'), tc = obj.program('tc_count');

  out.pingBefore = lab.ping(2);

  // XDP link: counts, then a drop program swapped in with update(), then destroy.
  const link = pass.attachXdp(lab.ifname);
  out.linkInfo = link.info();
  const x0 = hit(SLOT.XDP);
  out.pingWithCounter = lab.ping(3);
  out.xdpCounted = hit(SLOT.XDP) - x0;
  out.legacyOverLink = errorOf(() => xdpAttach(lab.ifindex, drop, XdpFlags.UPDATE_IF_NOEXIST));
  link.update(drop);
  out.linkProgAfterUpdate = link.info().progId;
  out.dropProgId = drop.info ? undefined : undefined;
  out.pingWithDropLink = lab.ping(2);
  link.destroy();
  out.pingAfterLinkDestroy = lab.ping(2);

  // Legacy XDP through netlink: drop, query, detach.
  xdpAttach(lab.ifindex, drop);
  out.legacyQuery = xdpQuery(lab.ifindex);
  out.pingWithDropLegacy = lab.ping(2);
  xdpDetach(lab.ifindex);
  out.legacyQueryAfterDetach = xdpQuery(lab.ifindex);
  out.pingAfterLegacyDetach = lab.ping(2);

  // tc ingress and egress on the clsact qdisc.
  for (const point of ['ingress', 'egress']) {
    const hook = new TcHook({ ifindex: lab.ifindex, attachPoint: point });
    const created = errorOf(() => hook.create());
    const f = hook.attach(tc, { handle: 1, priority: 1 });
    const t0 = hit(SLOT.TC);
    const ok = lab.ping(3);
    const counted = hit(SLOT.TC) - t0;
    const q = hook.query({ handle: 1, priority: 1 });
    const replaced = hook.attach(tc, { handle: 1, priority: 1, replace: true });
    const again = errorOf(() => hook.attach(tc, { handle: 1, priority: 1 }));
    hook.detach({ handle: 1, priority: 1 });
    const afterDetach = errorOf(() => hook.query({ handle: 1, priority: 1 }));
    out[`tc_${point}`] = { created, filter: f, ok, counted, query: q, replaced, again, afterDetach };
  }
  new TcHook({ ifindex: lab.ifindex, attachPoint: 'ingress+egress' }).destroy();

  out.noSuchIf = errorOf(() => pass.attachXdp('lbw-nosuch'));
  out.legacyNoSuchIf = errorOf(() => xdpAttach(999999, pass));
} finally {
  obj.close();
  lab.cleanup();
}
console.log(JSON.stringify(out));
