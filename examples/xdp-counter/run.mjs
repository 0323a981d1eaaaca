#!/usr/bin/env node
// examples/xdp-counter: attach an XDP program to one end of a veth pair, send real packets
// (ping) from the other end, and print how many packets of each IP protocol the program
// counted. Everything happens in network namespaces made for the run (this process
// re-executes itself in a private one): the host's interfaces are not touched.
// Run as root after `npm run setup`:  node examples/xdp-counter/run.mjs [--json] [--legacy]
//   --legacy  attach through netlink (bpf_xdp_attach) instead of a BPF link
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpfObject, xdpAttach, xdpDetach, xdpQuery } from '../../dist/index.js';
import { createVethLab, inPrivateNetns, runInPrivateNetns } from '../../dist/veth-lab.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const legacy = args.includes('--legacy');
const PROTOCOLS = { 0: 'non-IP', 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6' };

if (!inPrivateNetns()) {
  const r = runInPrivateNetns(fileURLToPath(import.meta.url), args);
  process.exit(r.status ?? 1);
}

/** proto_counts is per-CPU: one u64 per possible CPU, summed here. */
function countsOf(map) {
  const out = {};
  for (let proto = 0; proto < 256; proto++) {
    const v = map.lookup(new Uint8Array(new Uint32Array([proto]).buffer));
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    let n = 0n;
    for (let off = 0; off < v.byteLength; off += 8) n += dv.getBigUint64(off, true);
    if (n) out[PROTOCOLS[proto] ?? `proto ${proto}`] = Number(n);
  }
  return out;
}

const lab = createVethLab();
const obj = BpfObject.open(join(here, 'build', 'xdp_counter.bpf.o'));
try {
  obj.load();
  const prog = obj.program('xdp_count');
  const counts = obj.map('proto_counts');
  let link = null;
  if (legacy) xdpAttach(lab.ifindex, prog);
  else link = prog.attachXdp(lab.ifname);
  const attachedId = legacy ? xdpQuery(lab.ifindex).progId : link.info().progId;
  const before = countsOf(counts);
  const pingOk = lab.ping(5);
  const after = countsOf(counts);
  if (legacy) xdpDetach(lab.ifindex);
  else link.destroy();
  const result = { ifname: lab.ifname, ifindex: lab.ifindex, via: legacy ? 'netlink' : 'link', progId: attachedId,
    pingOk, before, after, attachedAfterDetach: xdpQuery(lab.ifindex).progId };
  if (json) {
    console.log(JSON.stringify(result));
  } else {
    console.log(`XDP program ${prog.name} (id ${attachedId}) attached to ${lab.ifname} (ifindex ${lab.ifindex}) ` +
      `through ${result.via}; 5 pings from ${lab.peerNs}: ${pingOk ? 'all answered' : 'some lost'}`);
    console.log('packets counted by the program, per protocol:');
    for (const [name, n] of Object.entries(after)) console.log(`  ${name.padEnd(8)} ${n}`);
    console.log(`detached: program on ${lab.ifname} now ${result.attachedAfterDetach || 'none'}`);
  }
} finally {
  obj.close();
  lab.cleanup();
}
