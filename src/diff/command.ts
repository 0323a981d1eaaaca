// `libbpf-wasm diff <object.o> [--pin-root DIR]`: the user's own object through native
// libbpf and through the module; prints where they differ. Exit 0 when identical.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseScenario } from './scenario.js';
import { diffScenario } from './harness.js';
import { sideBySide } from './compare.js';
import { nativeRunnerBuilt, nativeRunnerPath } from './run-native.js';

export function runDiffCommand(args: string[], out: (s: string) => void = console.log): number {
  let file: string | undefined;
  let pinRoot: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--pin-root') pinRoot = args[++i];
    else if (!file) file = args[i];
    else throw new Error(`diff: unexpected argument '${args[i]}'`);
  }
  if (!file) throw new Error('usage: libbpf-wasm diff <object.o> [--pin-root DIR]');
  if (!existsSync(file)) throw new Error(`diff: no such file: ${file}`);
  if (pinRoot !== undefined && !existsSync(pinRoot)) throw new Error(`diff: --pin-root ${pinRoot} does not exist`);
  if (!nativeRunnerBuilt()) {
    throw new Error(`diff: the native libbpf runner is not built (${nativeRunnerPath}).\n` +
      'Build it in a checkout of libbpf-wasm with `npm run setup` (or `bash scripts/build-native.sh`), ' +
      'then run the command there, or set LIBBPF_WASM_NATIVE_RUNNER to its build/native/bin/scenario.');
  }
  const path = resolve(file);
  const lines = [`# libbpf-wasm diff ${path}`];
  if (pinRoot) {
    lines.push(`open 0 ${path} pin_root=$BPFFS`, 'load 0', `open 1 ${path} pin_root=$BPFFS`, 'load 1', 'unpin_maps 0');
  } else {
    lines.push(`open 0 ${path}`, 'load 0');
  }
  const text = `${lines.join('\n')}\n`;
  const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-diff-scn-'));
  try {
    const scnFile = join(dir, 'diff.scn');
    writeFileSync(scnFile, text);
    const scenario = parseScenario(text, 'diff');
    const result = diffScenario(scnFile, scenario, dirname(path), pinRoot && resolve(pinRoot));
    const steps = result.native.steps.map((s) => `${s.op}: ${s.crash ? 'crash' : s.ret}`).join(', ');
    if (result.differences.length === 0) {
      out(`identical: native libbpf 1.1.2 and libbpf-wasm agree on ${path} (${steps}; ` +
        `${result.native.log.length} log lines, ${result.native.pins.length} pins)`);
      return 0;
    }
    out(`${result.differences.length} difference(s) between native libbpf 1.1.2 and libbpf-wasm on ${path}:\n`);
    out(sideBySide(result.differences));
    return 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
