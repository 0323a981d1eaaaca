#!/usr/bin/env node
// The libbpf-wasm command: `demo`, `diff`, `gen types`, `version`.
import { runDemo } from './demo.js';
import { runDiffCommand } from './diff/command.js';
import { libbpfVersion } from './index.js';
import { runGenTypes, genTypesUsage } from './cli/gen-types.js';

const usage = `usage: libbpf-wasm <command>
  demo      a guided tour: open, load, auto-pin and reuse a map in a private bpffs (root)
  diff <object.o> [--pin-root DIR] [--pinning] [--json]
            open and load the object with native libbpf 1.1.2 and with libbpf-wasm, and
            show any difference. Pins go to a private bpffs, removed afterwards, unless
            --pin-root names a bpffs directory (a new subdirectory of it is used). With
            --pin-root or --pinning: the auto-pin, reuse and program pinning cycle too.
            --json: the records and differences for scripts.
            Exit status: 0 identical, 1 different, 2 the comparison could not run.
  ${genTypesUsage}
  version   the libbpf version inside the module`;

function main(argv: string[]): number {
  const [command] = argv;
  switch (command) {
    case 'demo':
      runDemo();
      return 0;
    case 'diff':
      try {
        return runDiffCommand(argv.slice(1));
      } catch (e) {
        console.error(`libbpf-wasm: ${e instanceof Error ? e.message : String(e)}`);
        return 2;
      }
    case 'gen':
      if (argv[1] !== 'types') throw new TypeError(`gen: unknown target '${argv[1] ?? ''}' (expected: gen types)`);
      return runGenTypes(argv.slice(2));
    case 'version':
      console.log(libbpfVersion());
      return 0;
    case undefined:
    case '-h':
    case '--help':
      console.log(usage);
      return command === undefined ? 1 : 0;
    default:
      console.error(`libbpf-wasm: unknown command '${command}'\n${usage}`);
      return 1;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`libbpf-wasm: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
