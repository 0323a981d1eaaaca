// Run by tests/fidelity.test.mjs inside `unshare -m`, after it mounted a private tracefs
// holding a plain kprobe_events file (this kernel has no kprobes): libbpf's legacy kprobe
// probe for __<arch>_sys_bpf writes there and succeeds. Diffs one scenario (native vs
// module) and prints the result and what both wrote to kprobe_events, as JSON.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../dist/diff/scenario.js';
import { diffScenario } from '../../dist/diff/harness.js';

const [objDir, kprobeEvents] = process.argv.slice(2);
const text = '# LINUX_HAS_SYSCALL_WRAPPER\nopen 0 syscall_wrapper\nload 0\nlookup 0 syscall.kconfig 00000000\n';
const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-wrapper-'));
try {
  const file = join(dir, 'wrapper.scn');
  writeFileSync(file, text);
  const r = diffScenario(file, parseScenario(text, 'wrapper'), objDir);
  console.log(JSON.stringify({
    differences: r.differences, native: r.native.steps, module: r.module.steps,
    kprobeEvents: readFileSync(kprobeEvents, 'utf8'),
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
