#!/usr/bin/env node
// The libbpf-wasm command: `demo`, `version`.
import { runDemo } from './demo.js';
import { libbpfVersion } from './index.js';

const usage = `usage: libbpf-wasm <command>
  demo      a guided tour: open, load, auto-pin and reuse a map in a private bpffs (root)
  version   the libbpf version inside the module`;

function main(argv: string[]): number {
  const [command] = argv;
  switch (command) {
    case 'demo':
      runDemo();
      return 0;
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
