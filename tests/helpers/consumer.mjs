// A user's TypeScript project against an installed libbpf-wasm: tsconfig per module
// resolution (strict, skipLibCheck false, lib ES2022 only, @types/node), the sample
// (tests/consumer/sample.ts) as ESM (.mts) and CommonJS (.cts), and the types
// `gen types` writes for an example object. Compiled with this repository's tsc.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './objects.mjs';

export const RESOLUTIONS = {
  node16: { module: 'node16', moduleResolution: 'node16', files: ['index.mts', 'index.cts', 'pinning.mts'] },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', files: ['index.mts', 'index.cts', 'pinning.mts'] },
  bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['index.mts', 'pinning.mts'] },
};

/** Writes the sample sources into `dir` (which holds node_modules/libbpf-wasm). */
export function writeConsumer(dir, genTypes) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  for (const ext of ['mts', 'cts']) copyFileSync(join(repoRoot, 'tests/consumer/sample.ts'), join(dir, `index.${ext}`));
  writeFileSync(join(dir, 'pinning.mts'), genTypes);
}

/** tsc under one resolution; returns { status, output }. */
export function compileConsumer(dir, resolution, tscNode = process.execPath) {
  const { files, ...modes } = RESOLUTIONS[resolution];
  const config = `tsconfig.${resolution}.json`;
  writeFileSync(join(dir, config), JSON.stringify({
    compilerOptions: {
      ...modes, target: 'ES2022', lib: ['ES2022'], strict: true, skipLibCheck: false, noEmit: true,
      types: ['node'], typeRoots: [join(repoRoot, 'node_modules/@types')], noUnusedLocals: true,
    },
    files,
  }));
  const r = spawnSync(tscNode, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', config],
    { cwd: dir, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
