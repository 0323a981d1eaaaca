// Fails the build when the linked module imports anything the host ABI does not declare
// (libbpf-wasm/host-abi.json): an "env" import means some libc or libbpf call was left
// unrouted, and anything else would fail at instantiation in the facade.
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../host-abi.json', import.meta.url), 'utf8'));
const declared = new Set(manifest.imports.map((i) => `${i.module}.${i.name}`));
const file = process.argv[2];
const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(file)));
const unserved = imports.filter(({ module, name }) => !declared.has(`${module}.${name}`));
if (unserved.length) {
  console.error(`check-imports: ${file} imports what libbpf-wasm/host-abi.json does not declare:`);
  for (const i of unserved) console.error(`  ${i.module}.${i.name} (${i.kind})`);
  process.exit(1);
}
console.log(`check-imports: ${imports.length} imports, all declared in host-abi.json`);
