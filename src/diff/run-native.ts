// Runs a scenario through the native build of the same libbpf (build/native/bin/scenario).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunEnv, Scenario } from './scenario.js';
import type { RunRecord, StepRecord } from './record.js';

/** The runner built by scripts/build-native.sh in a checkout; LIBBPF_WASM_NATIVE_RUNNER
 *  points an installed package at one built elsewhere. */
export const nativeRunnerPath = process.env.LIBBPF_WASM_NATIVE_RUNNER ??
  fileURLToPath(new URL('../../build/native/bin/scenario', import.meta.url));

export function nativeRunnerBuilt(): boolean {
  return existsSync(nativeRunnerPath);
}

export function runNative(scenarioFile: string, scenario: Scenario, env: RunEnv): RunRecord {
  if (!nativeRunnerBuilt()) {
    throw new Error(`the native runner is not built (${nativeRunnerPath})`);
  }
  const r = spawnSync(nativeRunnerPath, [scenarioFile, env.bpffs, env.tmp, env.obj], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000,
  });
  if (r.error) throw r.error;
  if (r.status === 2) throw new Error(`native runner: ${r.stderr.trim()}`);
  const record: RunRecord = { steps: [], log: [], pins: [], fds_left: 0 };
  let ended = false;
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const msg = JSON.parse(line) as { step?: StepRecord; log?: string; end?: { pins: string[]; fds_left: number } };
    if (msg.step) record.steps.push(msg.step);
    else if (msg.log !== undefined) record.log.push(msg.log);
    else if (msg.end) {
      record.pins = msg.end.pins;
      record.fds_left = msg.end.fds_left;
      ended = true;
    }
  }
  if (!ended) {
    // Native libbpf crashed: the step after the last one recorded is where.
    const next = scenario.steps[record.steps.length];
    record.steps.push({ op: next?.op ?? 'end', crash: true });
    if (r.signal === null && r.status !== 0) record.steps[record.steps.length - 1].op += ` (exit ${r.status})`;
  }
  return record;
}
