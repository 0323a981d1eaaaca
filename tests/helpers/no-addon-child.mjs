// Child of no-addon.test.mjs: describes BPF objects with everything that needs no kernel
// (open from bytes and from a path, maps, programs, instructions, BTF, initial values,
// generated types) and, without the addon, tries calls that need the kernel; prints one JSON record. Run with
// and without LIBBPF_WASM_NO_ADDON=1, the descriptions must agree.
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { BpfObject, KernelBtf, MapHandle, addonStatus, setLogger } from '../../dist/bundle/libbpf-wasm.mjs';
import { generateTypes } from '../../dist/cli/gen-types.js';

setLogger(() => {});
const fdCount = () => readdirSync('/proc/self/fd').length;
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const failure = (fn) => {
  try {
    fn();
    return null;
  } catch (e) {
    return { name: e.name, code: e.code, errno: e.errno, op: e.op, message: e.message };
  }
};

function describe(obj, path) {
  const btf = obj.btf;
  return {
    name: obj.name,
    maps: obj.maps.map((m) => ({ name: m.name, type: m.type, keySize: m.keySize, valueSize: m.valueSize,
      maxEntries: m.maxEntries, mapFlags: m.mapFlags, pinPath: m.pinPath, initial: m.initialValue() ? sha(m.initialValue()) : null })),
    programs: obj.programs.map((p) => ({ name: p.name, section: p.sectionName, type: p.type,
      attachType: p.expectedAttachType, insns: p.insnCount, code: sha(p.instructions()) })),
    btf: btf && { types: btf.typeCount, last: btf.typeById(btf.typeCount - 1) },
    types: generateTypes(obj, basename(path), basename(path)),
  };
}

const fdsBefore = fdCount();
const out = { addon: addonStatus(), objects: [], kernel: {} };
for (const path of process.argv.slice(2)) {
  const fromBytes = BpfObject.open(readFileSync(path));
  const fromPath = BpfObject.open(path);
  out.objects.push({ bytes: describe(fromBytes, path), path: describe(fromPath, path) });
  if (out.objects.length === 1 && !out.addon.available) { // with the addon these would really load
    out.kernel.load = failure(() => fromBytes.load());
    out.kernel.pin = failure(() => fromBytes.maps.find((m) => m.pinPath === null).pin(`${process.env.TMPDIR ?? '/tmp'}/lbw-no-addon-pin`));
    out.kernel.afterLoad = fromBytes.maps.map((m) => m.name); // the object is still usable
  }
  fromBytes.close();
  fromPath.close();
}
if (!out.addon.available) {
  out.kernel.mapFromId = failure(() => MapHandle.fromId(1).close());
  out.kernel.vmlinuxTypes = KernelBtf.loadVmlinux().typeCount; // a file: no addon needed
}
out.fdsLeaked = fdCount() - fdsBefore;
process.stdout.write(JSON.stringify(out));
