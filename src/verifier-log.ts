// The verifier's log of a program load, as libbpf 1.1.2 gives it: when it loads a program
// with a log level set (bpf_program__set_log_level, or the object's kernel_log_level) or
// retries a failed load with one, it owns the log buffer and prints the log between
// "prog 'x': -- BEGIN PROG LOAD LOG --" and "-- END PROG LOAD LOG --" (at debug level after
// a success, as a warning after a failure). The facade reads those prints: libbpf's
// behaviour, its prints included, stays exactly native's.
import { bare } from './error-cause.js';

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

const BLOCK = /^prog '([^']*)': -- BEGIN PROG LOAD LOG --\n([\s\S]*?)(?:-- END PROG LOAD LOG --)?$/;

/** Every verifier log among libbpf's prints, by program name (the last one of each). */
export function printedVerifierLogs(prints: readonly string[]): Map<string, string> {
  const logs = new Map<string, string>();
  for (const line of prints.map(bare)) {
    const m = BLOCK.exec(line);
    if (m) logs.set(m[1], m[2]);
  }
  return logs;
}

/** The verifier log libbpf printed for `program`, exactly as printed. */
export function printedVerifierLog(prints: readonly string[], program: string): string | undefined {
  return printedVerifierLogs(prints).get(program);
}

/** True for a print that holds a verifier log (what BpfObject.load keeps of the prints). */
export function isVerifierLogPrint(message: string): boolean {
  return message.includes(': -- BEGIN PROG LOAD LOG --\n');
}

/** "verifier log of 'x' (last N of M lines):" and those lines, indented. */
export function verifierTail(program: string, text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const tail = lines.slice(-TAIL_LINES);
  const which = tail.length < lines.length ? `last ${tail.length} of ${lines.length} lines` : `${lines.length} lines`;
  return `verifier log of '${program}' (${which}):\n${tail.map((l) => `  ${l}`).join('\n')}`;
}

