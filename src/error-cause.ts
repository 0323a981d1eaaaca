// Which of the warnings libbpf printed during a failed call names the cause. libbpf reports
// a failure where it happens, then again at each level it passes through ("map 'm': failed
// to create", "failed to load object 'o'"): the first line that is not such a relay, nor
// a note libbpf prints without failing, is the cause.

/** Lines that only pass a failure on (their cause was printed before them). */
const RELAYS: readonly RegExp[] = [
  /failed to load object '/,
  /^prog '[^']*': failed to load: -?\d+$/,
  /^map '[^']*': failed to create: /,
  /^map '[^']*': error reusing pinned map$/,
  /^map '[^']*': failed to auto-pin at '[^']*': -?\d+$/,
  /^failed to load BPF skeleton/,
  /^prog '[^']*': -- BEGIN PROG LOAD LOG --/, // the verifier log: error.verifierLog has it
];

/** Notes libbpf prints and carries on after (never the reason a call failed). */
const NOTES: readonly RegExp[] = [
  /^prog '[^']*': failed to bind map '/, // "Don't fail hard if can't bind rodata."
  /^elf: skipping /,
  /^Kernel doesn't support BTF/,
];

/** The warning without libbpf's "libbpf: " prefix and trailing newline. */
export function bare(line: string): string {
  return line.replace(/^libbpf: /, '').trimEnd();
}

/** The line of `log` that names the cause of the failure, or undefined (no warnings). */
export function causeLine(log: readonly string[]): string | undefined {
  const lines = log.map(bare).filter((l) => l !== '');
  const isRelay = (l: string) => RELAYS.some((r) => r.test(l));
  const isNote = (l: string) => NOTES.some((r) => r.test(l));
  return lines.find((l) => !isRelay(l) && !isNote(l)) ?? lines.find((l) => !isNote(l)) ?? lines[lines.length - 1];
}
