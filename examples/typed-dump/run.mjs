#!/usr/bin/env node
// examples/typed-dump: a map dumped with its C types, decoded through the object's BTF (as
// bpftool's `map dump` does), no hand-written layout. The XDP program in flows.bpf.c counts
// packets per flow in the hash map `flows` (key: struct flow_tuple, value: struct
// flow_counts); this script feeds it a few packets with BPF_PROG_TEST_RUN (no interface,
// nothing attached) and prints every entry, keys and values as plain objects.
// Run as root after `npm run setup`:  node examples/typed-dump/run.mjs [--json]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpfObject } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const json = process.argv.includes('--json');

/** An Ethernet + IPv4 + TCP/UDP packet with `payload` bytes after the transport header. */
function packet({ src, dst, proto, sport, dport, syn = false, payload = 0 }) {
  const l4 = proto === 'tcp' ? 20 : 8;
  const bytes = new Uint8Array(14 + 20 + l4 + payload);
  const v = new DataView(bytes.buffer);
  v.setUint16(12, 0x0800); // ETH_P_IP
  v.setUint8(14, 0x45); // IPv4, 5 words of header
  v.setUint16(16, 20 + l4 + payload);
  v.setUint8(22, 64); // TTL
  v.setUint8(23, proto === 'tcp' ? 6 : 17);
  bytes.set(src, 26);
  bytes.set(dst, 30);
  v.setUint16(34, sport);
  v.setUint16(36, dport);
  if (proto === 'tcp') {
    v.setUint8(46, 5 << 4); // data offset: 5 words
    v.setUint8(47, syn ? 0x02 : 0x10); // SYN, or ACK
  } else {
    v.setUint16(38, 8 + payload);
  }
  return bytes;
}

const client = [10, 0, 0, 1], server = [10, 0, 0, 2], resolver = [192, 168, 1, 53];
const traffic = [
  packet({ src: client, dst: server, proto: 'tcp', sport: 40000, dport: 443, syn: true }),
  packet({ src: client, dst: server, proto: 'tcp', sport: 40000, dport: 443, payload: 100 }),
  packet({ src: client, dst: server, proto: 'tcp', sport: 40000, dport: 443, payload: 1200 }),
  packet({ src: client, dst: resolver, proto: 'udp', sport: 53000, dport: 53, payload: 30 }),
  packet({ src: resolver, dst: client, proto: 'udp', sport: 53, dport: 53000, payload: 90 }),
];

const obj = BpfObject.open(join(here, 'build', 'flows.bpf.o'));
try {
  obj.load();
  const prog = obj.program('count_flows');
  for (const data of traffic) prog.testRun({ data });

  const flows = obj.map('flows');
  // The key and value types come from the object's BTF: no layout is written here.
  const entries = [...flows.typedEntries()].map(([key, value]) => ({ key, value }));
  // Hash order is the kernel's: sort for a stable listing.
  entries.sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
  // A lookup by a key written as an object: encoded through the same BTF.
  const https = flows.get({ saddr: client, daddr: server, sport: 40000, dport: 443, proto: 'TRANSPORT_TCP' });
  const show = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? Number(x) : x));
  if (json) {
    console.log(show({ keyType: flows.keyType?.name, valueType: flows.valueType?.name, entries, https }));
  } else {
    console.log(`map ${flows.name}: struct ${flows.keyType?.name} -> struct ${flows.valueType?.name}, ` +
      `${entries.length} entries after ${traffic.length} packets`);
    for (const { key, value } of entries) console.log(`  ${show(key)}\n    => ${show(value)}`);
    console.log(`flows.get({ ..., dport: 443, proto: 'TRANSPORT_TCP' }) => ${show(https)}`);
  }
} finally {
  obj.close();
}
