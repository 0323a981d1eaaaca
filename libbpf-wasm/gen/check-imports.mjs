// Fails the build when the linked module imports anything the host ABI does not serve
// (docs/host-abi.md): an "env" import means some libc or libbpf call was left unrouted.
import { readFileSync } from 'node:fs';

const served = {
  bpfhost: null, // every bpfhost.* function is the port's own declaration (port/host.h)
  wasi_snapshot_preview1: new Set(['fd_write', 'fd_read', 'fd_pread', 'fd_close', 'fd_seek',
    'environ_get', 'environ_sizes_get', 'proc_exit', 'clock_time_get']),
  env: new Set(['emscripten_notify_memory_growth']),
};
const file = process.argv[2];
const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(file)));
const unserved = imports.filter(({ module, name }) =>
  !(module in served) || (served[module] !== null && !served[module].has(name)));
if (unserved.length) {
  console.error(`check-imports: ${file} imports what the host does not serve:`);
  for (const i of unserved) console.error(`  ${i.module}.${i.name} (${i.kind})`);
  process.exit(1);
}
console.log(`check-imports: ${imports.length} imports, all served`);
