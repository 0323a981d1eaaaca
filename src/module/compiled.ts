// The compiled libbpf module: compiled once per thread, instantiated per object.
import { readFileSync } from 'node:fs';
import { loadError } from '../load-error.js';
import { fileURLToPath } from 'node:url';

const wasmPath = fileURLToPath(new URL('../../libbpf-wasm/dist/libbpf.wasm', import.meta.url));
let compiled: WebAssembly.Module | undefined;

export function compiledModule(): WebAssembly.Module {
  if (!compiled) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(wasmPath);
    } catch (e) {
      throw loadError('libbpf-wasm: load the WebAssembly module', 'the libbpf module', wasmPath,
        'reinstall the package, or run `npm run setup` in a checkout', e);
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}
