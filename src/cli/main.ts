// The libbpf-wasm command line: which command group runs. Each group's module is imported
// only when it runs, so a command that needs no kernel (inspect, btf dump of a file,
// gen types) never loads the ones that do.
import { EXIT_OK, EXIT_USAGE, printUsageError, wantsJson } from './command.js';

interface Group {
  synopsis: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

const GROUPS: Record<string, Group> = {
  inspect: {
    synopsis: 'inspect <obj.o>', summary: 'maps and programs of an object file (no kernel needed)',
    run: async (argv) => (await import('./inspect.js')).run(argv),
  },
  load: {
    synopsis: 'load <obj.o> [--pin-root DIR] [--pin-maps DIR] [--pin-progs DIR] [--attach] [--set VAR=VALUE ...]',
    summary: 'load an object: configure globals, create or reuse maps, pin, attach',
    run: async (argv) => (await import('./load.js')).runLoad(argv),
  },
  unpin: {
    synopsis: 'unpin <obj.o> [--pin-root DIR | --pin-maps DIR] [--pin-progs DIR]',
    summary: 'remove the pins `load` made for an object',
    run: async (argv) => (await import('./load.js')).runUnpin(argv),
  },
  map: {
    synopsis: 'map list|show|dump|lookup|update|delete|freeze|pin ...', summary: 'maps in the kernel, by pin or id',
    run: async (argv) => (await import('./map.js')).run(argv),
  },
  prog: {
    synopsis: 'prog list|show|run ...', summary: 'programs in the kernel, by pin or id; test runs',
    run: async (argv) => (await import('./prog.js')).run(argv),
  },
  link: {
    synopsis: 'link list|show|detach ...', summary: 'links in the kernel, by pin or id',
    run: async (argv) => (await import('./link.js')).run(argv),
  },
  btf: {
    synopsis: 'btf list|dump ...', summary: 'BTF of an object file or in the kernel, raw or as C',
    run: async (argv) => (await import('./btf.js')).run(argv),
  },
  gen: {
    synopsis: 'gen types <obj.o> [-o file.ts] [--import specifier]', summary: 'TypeScript types for an object\'s maps and globals',
    run: async (argv) => (await import('./gen-types.js')).run(argv),
  },
  demo: {
    synopsis: 'demo', summary: 'a guided tour: load, auto-pin, reuse, attach (root; private bpffs)',
    run: async (argv) => (await import('./tools.js')).runDemo(argv),
  },
  diff: {
    synopsis: 'diff <obj.o> [--pin-root DIR] [--pinning]', summary: 'native libbpf 1.1.2 against libbpf-wasm on an object',
    run: async (argv) => (await import('./tools.js')).runDiff(argv),
  },
  version: {
    synopsis: 'version', summary: 'the package and libbpf versions',
    run: async (argv) => (await import('./tools.js')).runVersion(argv),
  },
};

export const usage = `usage: libbpf-wasm <command> ... [-j|--json] [-h|--help]
${Object.values(GROUPS).map((g) => `  ${g.synopsis}\n      ${g.summary}`).join('\n')}
Exit status: 0 done, 1 failed, 2 wrong command line. \`libbpf-wasm <command> --help\` for more.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-h' || name === '--help') {
    console.log(usage);
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V') return GROUPS.version.run(rest);
  const group = name === undefined ? undefined : GROUPS[name];
  if (!group) {
    printUsageError(name === undefined || name.startsWith('-') ? 'which command?' : `unknown command '${name}'`,
      wantsJson(argv), usage);
    return EXIT_USAGE;
  }
  return group.run(rest);
}
