// What every command shares: its declaration (options, help text), argument parsing with
// node:util parseArgs (-j/--json and -h/--help everywhere), and the exit codes:
// 0 done, 1 the operation failed, 2 the command line was wrong.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { printJson } from './format.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line: exit 2, with the command's usage. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command's run() gets: its parsed arguments and where output goes. */
export interface Context {
  positionals: string[];
  values: Values;
  json: boolean;
  /** A line of text output (not used with --json). */
  out(line: string): void;
}

export interface Command {
  /** "map dump", "inspect": as typed after libbpf-wasm. */
  name: string;
  /** The synopsis after the name: "<obj.o> [--pin-root DIR]". */
  synopsis: string;
  /** One line for the command list. */
  summary: string;
  /** Further help lines (options, examples). */
  details?: string;
  options?: Options;
  /** The message when positional arguments are missing ("which object?"). */
  missing?: string;
  /** Positional arguments accepted: [min, max] (max Infinity for any). */
  positionals: [number, number];
  /** The result: printed as JSON with --json; text printed through ctx.out otherwise. */
  run(ctx: Context): Promise<unknown> | unknown;
}

const COMMON: Options = {
  json: { type: 'boolean', short: 'j' },
  help: { type: 'boolean', short: 'h' },
};

/** "map show <id | pinned path>", "map list". */
const usageLine = (cmd: Command): string => `${cmd.name}${cmd.synopsis ? ` ${cmd.synopsis}` : ''}`;

export function helpText(cmd: Command): string {
  return `usage: libbpf-wasm ${usageLine(cmd)}\n  ${cmd.summary}` +
    `${cmd.details ? `\n${cmd.details}` : ''}\n  -j, --json  output as JSON (bpftool's field names where bpftool has the same data)`;
}

/** Parses argv for cmd (UsageError on a bad command line). */
export function parseCommand(cmd: Command, argv: string[]): { values: Values; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON, ...cmd.options }, allowPositionals: true, strict: true });
  } catch (e) {
    const m = (e as Error).message.replace(/\. To specify a positional.*$/s, '');
    throw new UsageError(`${cmd.name}: ${m.charAt(0).toLowerCase()}${m.slice(1)}`);
  }
  const { values, positionals } = parsed as { values: Values; positionals: string[] };
  if (!values.help) {
    const [min, max] = cmd.positionals;
    if (positionals.length < min) throw new UsageError(`${cmd.name}: ${cmd.missing ?? 'missing argument'}`);
    if (positionals.length > max) throw new UsageError(`${cmd.name}: unexpected argument '${positionals[max]}'`);
  }
  return { values, positionals };
}

/** Runs a command: help, the result as text or JSON, and the exit code. */
export async function runCommand(cmd: Command, argv: string[]): Promise<number> {
  const json = wantsJson(argv);
  try {
    const { values, positionals } = parseCommand(cmd, argv);
    if (values.help) {
      console.log(helpText(cmd));
      return EXIT_OK;
    }
    const result = await cmd.run({ values, positionals, json, out: (line) => console.log(line) });
    if (json) printJson(result ?? null);
    return EXIT_OK;
  } catch (e) {
    return reportError(e, json, cmd);
  }
}

/** Prints an error as bpftool does ({"error": ...} on stdout with --json) and gives the exit code. */
export function reportError(e: unknown, json: boolean, cmd?: Command): number {
  const usage = e instanceof UsageError;
  const message = e instanceof Error ? e.message : String(e);
  if (json) printJson({ error: message });
  else console.error(`libbpf-wasm: ${message}${usage && cmd ? `\n${helpText(cmd)}` : ''}`);
  return usage ? EXIT_USAGE : EXIT_FAILURE;
}

export const wantsJson = (argv: string[]): boolean => argv.includes('-j') || argv.includes('--json');

/** A command line naming no known command: the message and the usage (or JSON). */
export function printUsageError(message: string, json: boolean, usage: string): void {
  if (json) printJson({ error: message });
  else console.error(`libbpf-wasm: ${message}\n${usage}`);
}

/** A group of subcommands (map, prog, link, btf, gen): dispatch, and its own help. */
export async function runGroup(group: string, summary: string, commands: Command[], argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const groupHelp = () => `usage: libbpf-wasm ${group} <command> ...\n  ${summary}\n` +
    commands.map((c) => `  ${usageLine(c)}\n      ${c.summary}`).join('\n');
  if (sub === '-h' || sub === '--help') {
    console.log(groupHelp());
    return EXIT_OK;
  }
  const cmd = commands.find((c) => c.name === `${group} ${sub}`);
  if (!cmd) {
    const what = sub === undefined || sub.startsWith('-') ? `${group}: which command?` : `${group}: unknown command '${sub}'`;
    printUsageError(what, wantsJson(argv), groupHelp());
    return EXIT_USAGE;
  }
  return runCommand(cmd, rest);
}

/** An option's string value (parseArgs typed it; undefined when absent). */
export const stringOption = (ctx: Context, name: string): string | undefined => ctx.values[name] as string | undefined;

/** A non-negative integer option, or a UsageError naming it. */
export function countOption(ctx: Context, name: string, max = 0xffffffff): number | undefined {
  const v = stringOption(ctx, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`--${name}: expected an integer from 0 to ${max}, got '${v}'`);
  return Number(v);
}
