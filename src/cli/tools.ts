// `demo`, `diff` and `version`: the tour, the native-vs-module comparison, the versions.
import { readFileSync } from 'node:fs';
import { runCommand, reportError, wantsJson, helpText, EXIT_OK, EXIT_USAGE, type Command } from './command.js';

const demo: Command = {
  name: 'demo', synopsis: '', positionals: [0, 0],
  summary: 'a guided tour: open, load, auto-pin and reuse a map in a private bpffs, test-run and attach XDP (root)',
  async run(ctx) {
    const { runDemo } = await import('../demo.js');
    const lines: string[] = [];
    runDemo(ctx.json ? (l) => lines.push(l) : ctx.out);
    return { lines };
  },
};

const diff: Command = {
  name: 'diff', synopsis: '<obj.o> [--pin-root DIR] [--pinning]', positionals: [1, 1],
  summary: 'open and load the object with native libbpf 1.1.2 and with libbpf-wasm, and show any difference',
  details: `  Pins go to a private bpffs, removed afterwards, unless --pin-root names a bpffs directory
  (a new subdirectory of it is used). With --pin-root or --pinning: the auto-pin, reuse and
  program pinning cycle too. --json: the records and differences for scripts.
  Exit status: 0 identical, 1 different, 2 the comparison could not run.`,
  run() { throw new Error('diff runs through runDiff'); },
};

const version: Command = {
  name: 'version', synopsis: '', positionals: [0, 0], summary: 'the package version and the libbpf version inside the module',
  async run(ctx) {
    const { libbpfFullVersion, libbpfVersion } = await import('../version.js');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const v = { libbpf_wasm: pkg.version, libbpf: libbpfFullVersion(), libbpf_version_string: libbpfVersion() };
    if (!ctx.json) ctx.out(`libbpf-wasm ${v.libbpf_wasm}\nlibbpf ${v.libbpf} (compiled to WebAssembly; libbpf_version_string: ${v.libbpf_version_string})`);
    return v;
  },
};

export const runDemo = (argv: string[]): Promise<number> => runCommand(demo, argv);
export const runVersion = (argv: string[]): Promise<number> => runCommand(version, argv);

/** diff keeps its own exit codes (0 identical, 1 different, 2 could not compare). */
export async function runDiff(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log(helpText(diff));
    return EXIT_OK;
  }
  const { runDiffCommand } = await import('../diff/command.js');
  try {
    return runDiffCommand(argv.map((a) => (a === '-j' ? '--json' : a)));
  } catch (e) {
    reportError(e, wantsJson(argv));
    return EXIT_USAGE;
  }
}
