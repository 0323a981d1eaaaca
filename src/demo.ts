// `libbpf-wasm demo`: a guided tour of what the library does, on the bundled example
// object (examples/pinning.bpf.c), in a private bpffs that is removed afterwards.
import { listPins } from './diff/fs-state.js';
import { fileURLToPath } from 'node:url';
import { BpfObject, MapHandle, libbpfFullVersion, MapType, ProgType, setLogger } from './index.js';
import { mountPrivateBpffs } from './bpffs.js';
import { runInPrivateNetns } from './veth-lab.js';

const examplePath = fileURLToPath(new URL('../examples/build/pinning.bpf.o', import.meta.url));
const xdpCounter = fileURLToPath(new URL('../examples/xdp-counter/run.mjs', import.meta.url));

const nameOf = (table: Record<string, number>, value: number): string =>
  Object.entries(table).find(([, v]) => v === value)?.[0] ?? String(value);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '    ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** Step 6: the XDP program run on packets by BPF_PROG_TEST_RUN, seen through the pin. */
function runPackets(obj: BpfObject, pinPath: string, out: (line: string) => void): void {
  const xdp = obj.programs.find((p) => p.type === ProgType.XDP)!;
  const handle = MapHandle.fromPinned(pinPath);
  try {
    const snapshot = () => new Map([...handle.entries()].map(([k, v]) => [
      new DataView(k.buffer).getUint32(0, true), new DataView(v.buffer).getBigUint64(0, true)]));
    const before = snapshot();
    const packets = [60, 128, 1500].map((len) => new Uint8Array(len).fill(0xab));
    const verdicts = packets.map((data) => xdp.testRun({ data }).retval);
    const after = snapshot();
    out(`6. testRun(): ran '${xdp.name}' on ${packets.length} packets (${packets.map((p) => p.length).join(', ')} bytes) ` +
      `without attaching it; verdicts: ${verdicts.map((v) => (v === 2 ? 'XDP_PASS' : String(v))).join(', ')}.`);
    out(`   Read through MapHandle.fromPinned('${pinPath.replace(/.*\//, '.../')}'), ifindex -> packets:`);
    for (const [k, v] of after) out(`   ${k}: ${before.get(k) ?? 0n} -> ${v}`);
    out('');
  } finally {
    handle.close();
  }
}

export function runDemo(out: (line: string) => void = console.log): void {
  const warnings: string[] = [];
  setLogger((level, message) => { if (level === 'warn') warnings.push(message.trimEnd()); });
  out(`libbpf-wasm demo: upstream libbpf ${libbpfFullVersion()} running inside WebAssembly, with the real bpf() syscall.\n`);

  const fs = mountPrivateBpffs('libbpf-wasm-demo-');
  out(`1. Mounted a private BPF filesystem at ${fs.dir} (nothing touches /sys/fs/bpf).\n`);
  const objects: BpfObject[] = [];
  try {
    const first = BpfObject.open(examplePath, { pinRootPath: fs.dir });
    objects.push(first);
    out(`2. Opened ${examplePath.replace(/.*\/examples\//, 'examples/')} with pinRootPath = ${fs.dir}.`);
    out(`   libbpf parsed the ELF and BTF; nothing is in the kernel yet. Object '${first.name}':\n`);
    out(table([
      ['map', 'type', 'key', 'value', 'max entries', 'pinning', 'pin path'],
      ...first.maps.map((m) => [m.name, nameOf(MapType, m.type), `${m.keySize} B`, `${m.valueSize} B`,
        String(m.maxEntries), m.pinPath ? 'BY_NAME' : 'none', m.pinPath ?? '-']),
    ]));
    out('');
    out(table([
      ['program', 'section', 'type'],
      ...first.programs.map((p) => [p.name, p.sectionName, nameOf(ProgType, p.type)]),
    ]));

    first.load();
    const counters = first.maps.find((m) => m.pinPath)!;
    out(`\n3. load(): libbpf created the maps, loaded the programs, and pinned '${counters.name}' by name:`);
    out(`   ${fs.dir}: ${listPins(fs.dir).join(', ')}`);
    out(`   kernel map id of '${counters.name}': ${counters.info().id}, fd ${counters.fd}\n`);

    const second = BpfObject.open(examplePath, { pinRootPath: fs.dir });
    objects.push(second);
    second.load();
    const again = second.map(counters.name)!;
    out(`4. A second copy of the object, loaded with the same pin root, found the pin and reused it:`);
    out(`   map id in copy 2: ${again.info().id} (same map, no new one created)\n`);

    const key = new Uint8Array(new Uint32Array([1]).buffer);
    const value = new Uint8Array(new BigUint64Array([42n]).buffer);
    counters.update(key, value);
    const read = again.lookup(key)!;
    const n = new DataView(read.buffer, read.byteOffset).getBigUint64(0, true);
    out(`5. Wrote ${counters.name}[1] = 42 through copy 1; read it back through copy 2: ${n}\n`);

    runPackets(first, counters.pinPath!, out);

    first.unpinMaps();
    out(`7. unpinMaps(): ${listPins(fs.dir).length === 0 ? 'the pin is gone' : `left: ${listPins(fs.dir).join(', ')}`}.`);
  } finally {
    for (const o of objects) o.close();
    fs.cleanup();
    setLogger(null);
  }
  out(`8. Closed both objects (every fd released) and unmounted ${fs.dir}.\n`);
  attachXdpStep(out);
  if (warnings.length) out(`\nlibbpf warnings during the demo:\n${warnings.join('\n')}`);
}

/** The last step: examples/xdp-counter, in network namespaces made for it, with real packets. */
function attachXdpStep(out: (line: string) => void): void {
  out('9. A program that runs: examples/xdp-counter attaches its XDP program (a BPF link, through');
  out('   libbpf\'s own attach code in the module) to a veth in a private network namespace,');
  out('   pings it from a peer namespace, and reads the per-protocol counters from the map:\n');
  const r = runInPrivateNetns(xdpCounter, [], { capture: true });
  for (const line of (r.stdout ?? '').trimEnd().split('\n')) out(`   ${line}`);
  if (r.status !== 0) throw new Error(`examples/xdp-counter failed: ${(r.stderr ?? '').trim() || `exit ${r.status}`}`);
}
