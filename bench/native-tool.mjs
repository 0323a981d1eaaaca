// The native baselines of the benchmarks: bench/native/<name>.c linked with the native build
// of the same libbpf 1.1.2, compiled on demand into build/bench/ (again when the source or
// libbpf changed).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

export function nativeTool(name) {
  const src = `${root}bench/native/${name}.c`;
  const bin = `${root}build/bench/${name}`;
  const lib = `${root}build/native/lib/libbpf.a`;
  const stale = (input) => statSync(input).mtimeMs > statSync(bin).mtimeMs;
  if (!existsSync(bin) || stale(src) || stale(`${root}bench/native/bench.h`) || stale(lib)) {
    mkdirSync(`${root}build/bench`, { recursive: true });
    execFileSync('gcc', ['-O2', '-Wall', `-I${root}build/native/include`, '-o', bin, src, lib, '-lelf', '-lz']);
  }
  return bin;
}
