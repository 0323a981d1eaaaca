// Paths of the project's BPF objects (built by scripts/build-bpf.sh) and small helpers.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** tests/bpf/build/<name>.bpf.o */
export function testObject(name) {
  const p = `${root}tests/bpf/build/${name}.bpf.o`;
  if (!existsSync(p)) throw new Error(`${p} is not built: run scripts/setup.sh`);
  return p;
}

/** examples/build/<name>.bpf.o */
export function exampleObject(name) {
  return `${root}examples/build/${name}.bpf.o`;
}

export const repoRoot = root;

export const u32 = (n) => new Uint8Array(new Uint32Array([n]).buffer);
export const u64 = (n) => new Uint8Array(new BigUint64Array([BigInt(n)]).buffer);
export const readU64 = (bytes) => new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true);
export const readU32 = (bytes) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
