// Where things are, and the native tools of reliability/native/ (built on demand, like
// bench/native/: they link the native libbpf 1.1.2 that scripts/build-native.sh builds).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const childScript = (name) => `${root}reliability/children/${name}.mjs`;
export const testObject = (name) => `${root}tests/bpf/build/${name}.bpf.o`;
export const exampleObject = (name) => `${root}examples/build/${name}.bpf.o`;

const newer = (a, b) => statSync(a).mtimeMs > statSync(b).mtimeMs;

/** build/reliability/<name>, compiled from reliability/native/<name>.c when stale. */
export function nativeTool(name) {
  const src = `${root}reliability/native/${name}.c`;
  const bin = `${root}build/reliability/${name}`;
  const lib = `${root}build/native/lib/libbpf.a`;
  if (!existsSync(lib)) throw new Error(`${lib} is not built: run scripts/setup.sh`);
  if (!existsSync(bin) || newer(src, bin) || newer(lib, bin)) {
    mkdirSync(`${root}build/reliability`, { recursive: true });
    execFileSync('gcc', ['-O2', '-g', '-Wall', '-Wextra', '-Werror', `-I${root}build/native/include`, '-o', bin,
      src, lib, '-lelf', '-lz']);
  }
  return bin;
}
