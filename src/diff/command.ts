// `libbpf-wasm diff <object.o> [--pin-root DIR] [--pinning] [--json]`: the user's own
// object through native libbpf and through the module; prints where they differ.
// Exit codes: 0 identical, 1 different, 2 the tool itself failed (DiffToolError).
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseScenario } from './scenario.js';
import { diffScenario } from './harness.js';
import { describeDifferences } from './compare.js';
import { nativeRunnerBuilt, nativeRunnerPath } from './run-native.js';
import type { StepRecord } from './record.js';

export const diffUsage = 'usage: libbpf-wasm diff <object.o> [--pin-root DIR] [--pinning] [--json]';

/** The tool could not compare (bad arguments, runner missing, no bpffs): exit 2. */
export class DiffToolError extends Error {}

interface DiffArgs { file: string; pinRoot?: string; pinning: boolean; json: boolean }

function parseArgs(args: string[]): DiffArgs {
  let file: string | undefined;
  let pinRoot: string | undefined;
  let pinning = false;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--pin-root') {
      pinRoot = args[++i];
      if (pinRoot === undefined) throw new DiffToolError(`diff: --pin-root needs a directory\n${diffUsage}`);
    } else if (a === '--pinning') pinning = true;
    else if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new DiffToolError(`diff: unknown option '${a}'\n${diffUsage}`);
    else if (!file) file = a;
    else throw new DiffToolError(`diff: unexpected argument '${a}'\n${diffUsage}`);
  }
  if (!file) throw new DiffToolError(diffUsage);
  if (!existsSync(file)) throw new DiffToolError(`diff: no such file: ${file}`);
  if (pinRoot !== undefined && !existsSync(pinRoot)) throw new DiffToolError(`diff: --pin-root ${pinRoot} does not exist`);
  // A pin root the user names is for the pinning cycle.
  return { file, pinRoot, pinning: pinning || pinRoot !== undefined, json };
}

/** The scenario: open + load, pins under $BPFFS (a private bpffs unless --pin-root);
 *  with pinning, a second copy reuses the auto-pinned maps, and programs are pinned. */
function scenarioText(path: string, pinning: boolean): string {
  const open = (slot: number) => `open ${slot} ${path} pin_root=$BPFFS`;
  const lines = [`# libbpf-wasm diff ${path}`, open(0), 'load 0'];
  if (pinning) {
    lines.push(open(1), 'load 1', 'unpin_maps 0', 'pin_programs 0 $BPFFS/progs', 'unpin_programs 0 $BPFFS/progs');
  }
  return `${lines.join('\n')}\n`;
}

const stepSummary = (s: StepRecord) => `${s.op}: ${s.crash ? 'crash' : s.skipped ? 'skipped' : s.ret}`;

export function runDiffCommand(args: string[], out: (s: string) => void = console.log): number {
  const opts = parseArgs(args);
  if (!nativeRunnerBuilt()) {
    throw new DiffToolError(`diff: the native libbpf runner is not built (${nativeRunnerPath}).\n` +
      'Build it in a checkout of libbpf-wasm with `npm run setup` (or `bash scripts/build-native.sh`), ' +
      'then run the command there, or set LIBBPF_WASM_NATIVE_RUNNER to its build/native/bin/scenario.');
  }
  const path = resolve(opts.file);
  const text = scenarioText(path, opts.pinning);
  const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-diff-scn-'));
  let result;
  try {
    const scnFile = join(dir, 'diff.scn');
    writeFileSync(scnFile, text);
    try {
      result = diffScenario(scnFile, parseScenario(text, 'diff'), dirname(path), opts.pinRoot && resolve(opts.pinRoot));
    } catch (e) {
      throw new DiffToolError(`diff: ${e instanceof Error ? e.message : String(e)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const identical = result.differences.length === 0;
  if (opts.json) {
    out(JSON.stringify({
      object: path, identical, pinRoot: opts.pinRoot ? resolve(opts.pinRoot) : 'private bpffs',
      native: result.native, module: result.module, differences: result.differences,
    }, null, 2));
    return identical ? 0 : 1;
  }
  const steps = result.native.steps.map(stepSummary).join(', ');
  if (identical) {
    out(`identical: native libbpf 1.1.2 and libbpf-wasm agree on ${path} (${steps}; ` +
      `${result.native.log.length} log lines, ${result.native.pins.length} pins)`);
    return 0;
  }
  out(`${result.differences.length} difference(s) between native libbpf 1.1.2 and libbpf-wasm on ${path}\n` +
    `(native: ${steps}; libbpf-wasm: ${result.module.steps.map(stepSummary).join(', ')}):\n`);
  out(describeDifferences(result.differences));
  return 1;
}
