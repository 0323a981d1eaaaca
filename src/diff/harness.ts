// One scenario through both runners, each on its own private bpffs and temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountPrivateBpffs } from '../bpffs.js';
import type { Scenario, RunEnv } from './scenario.js';
import type { RunRecord } from './record.js';
import { runNative } from './run-native.js';
import { runInModule } from './run-module.js';
import { normalise } from './normalise.js';
import { differences, type Difference } from './compare.js';

export interface DiffResult {
  native: RunRecord;
  module: RunRecord;
  differences: Difference[];
}

/** $BPFFS: a private bpffs mount, or a new directory under `pinRoot` (a bpffs the user gave). */
function withEnv<T>(objDir: string, pinRoot: string | undefined, fn: (env: RunEnv) => T): T {
  const tmp = mkdtempSync(join(tmpdir(), 'libbpf-wasm-diff-tmp-'));
  const fs = pinRoot
    ? { dir: mkdtempSync(join(pinRoot, 'libbpf-wasm-diff-')), cleanup() { rmSync(this.dir, { recursive: true, force: true }); } }
    : mountPrivateBpffs('libbpf-wasm-diff-');
  try {
    return fn({ bpffs: fs.dir, tmp, obj: objDir });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    fs.cleanup();
  }
}

export function diffScenario(scenarioFile: string, scenario: Scenario, objDir: string, pinRoot?: string): DiffResult {
  const native = withEnv(objDir, pinRoot, (env) => normalise(runNative(scenarioFile, scenario, env), env));
  const module = withEnv(objDir, pinRoot, (env) => normalise(runInModule(scenario, env), env));
  return { native, module, differences: differences(native, module) };
}
