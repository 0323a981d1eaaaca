// The loading side of examples/shared-map (started by run.mjs, in its own process): loads
// examples/build/pinning.bpf.o with the pin root it is given, which pins the map `counters`
// (hash, __u32 -> __u64, LIBBPF_PIN_BY_NAME) at <pin root>/counters; writes counters[1];
// then answers run.mjs's "read" with what it finds at counters[2], written by the other
// process. It exits after that, closing its object: the pin keeps the map alive.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpfObject } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const pinRoot = process.argv[2];

const obj = BpfObject.open(join(here, '..', 'build', 'pinning.bpf.o'), { pinRootPath: pinRoot });
obj.load();
const counters = obj.map('counters');
counters.set(1, 100n); // key and value typed through the map's BTF: __u32 -> __u64
process.send({ pinned: counters.pinPath, pid: process.pid });

process.on('message', (msg) => {
  if (msg !== 'read') return;
  process.send({ seen: counters.get(2)?.toString() ?? null });
  obj.close();
  process.disconnect();
});
