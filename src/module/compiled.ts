// The compiled libbpf module: compiled once per thread, instantiated per object.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const wasmPath = fileURLToPath(new URL('../../libbpf-wasm/dist/libbpf.wasm', import.meta.url));
let compiled: WebAssembly.Module | undefined;

export function compiledModule(): WebAssembly.Module {
  if (!compiled) {
    if (!existsSync(wasmPath)) {
      throw new Error(`libbpf-wasm: the WebAssembly module is not built (${wasmPath}); run \`npm run setup\``);
    }
    compiled = new WebAssembly.Module(readFileSync(wasmPath));
  }
  return compiled;
}
