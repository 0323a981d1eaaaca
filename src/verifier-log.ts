// The verifier's log of a program load, from where libbpf 1.1.2 puts it: a program with a
// log level gets a buffer of its own (bpf_program__set_log_buf), which the kernel fills at
// every load; a program without one gets libbpf's own retry after a failure, whose log
// libbpf prints between "-- BEGIN PROG LOAD LOG --" and "-- END PROG LOAD LOG --".
import type { ModuleInstance } from './module/instance.js';
import { bare } from './error-cause.js';

/** A program's verifier log buffer: 1 MiB unless the object was opened with another size.
 *  Kernels since 6.4 fail a load whose log did not fit (ENOSPC), so it is generous. */
export const DEFAULT_LOG_SIZE = 1 << 20;
/** The kernel's smallest log buffer (128 bytes; a smaller one is EINVAL). */
export const MIN_LOG_SIZE = 128;
/** Lines of the verifier log the error message ends with. */
const TAIL_LINES = 6;

/** The program a failed bpf_object__load names ("prog 'x': BPF program load failed: ..."). */
export function failedProgram(log: readonly string[]): string | undefined {
  for (const line of log.map(bare)) {
    const m = /^prog '([^']*)': (?:BPF program load failed|failed to load|failed to prepare load attributes|missing BPF prog type)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** The verifier log libbpf printed for `program` after its own retry, exactly as printed. */
export function printedVerifierLog(log: readonly string[], program: string): string | undefined {
  const begin = `prog '${program}': -- BEGIN PROG LOAD LOG --\n`;
  for (const line of log.map(bare)) {
    if (!line.startsWith(begin)) continue;
    const body = line.slice(begin.length);
    const end = body.lastIndexOf('-- END PROG LOAD LOG --');
    return end < 0 ? body : body.slice(0, end);
  }
  return undefined;
}

/** "verifier log of 'x' (last N of M lines):" and those lines, indented. */
export function verifierTail(program: string, text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const tail = lines.slice(-TAIL_LINES);
  const which = tail.length < lines.length ? `last ${tail.length} of ${lines.length} lines` : `${lines.length} lines`;
  return `verifier log of '${program}' (${which}):\n${tail.map((l) => `  ${l}`).join('\n')}`;
}

/**
 * Per-program log buffers for one bpf_object__load: given to libbpf before the load for
 * every program whose log level is set, read back after it (whatever the load's result),
 * then freed (libbpf never reads prog->log_buf after the load).
 */
export class LoadLogBuffers {
  readonly #inst: ModuleInstance;
  readonly #buffers = new Map<number, number>(); // program pointer -> buffer

  constructor(inst: ModuleInstance, programs: readonly number[], size: number) {
    this.#inst = inst;
    const wanting = inst.invoke('bpf_program__log_level',
      (ex) => programs.filter((p) => ex.bpf_program__log_level(p) !== 0 && ex.bpf_program__autoload(p) !== 0));
    try {
      for (const prog of wanting) {
        const buf = inst.invoke('malloc', (ex) => ex.malloc(size));
        if (!buf) throw new RangeError(`libbpf-wasm: cannot allocate a ${size}-byte verifier log buffer in the module`);
        inst.u8[buf] = 0;
        this.#buffers.set(prog, buf);
        // Cannot fail before the load (libbpf refuses only once loaded, or a NULL buffer).
        inst.invoke('bpf_program__set_log_buf', (ex) => ex.bpf_program__set_log_buf(prog, buf, size));
      }
    } catch (e) {
      this.collect();
      throw e;
    }
  }

  /** Every buffer's text (by program pointer), then frees them. */
  collect(): Map<number, string> {
    const out = new Map<number, string>();
    for (const [prog, buf] of this.#buffers) {
      if (!this.#inst.broken) out.set(prog, this.#inst.readCString(buf) ?? '');
      this.#inst.free(buf);
    }
    this.#buffers.clear();
    return out;
  }
}
