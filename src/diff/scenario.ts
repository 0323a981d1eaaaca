// Scenario files (docs/differential.md): parsed once, run by both runners.
import { readFileSync } from 'node:fs';

export interface Step {
  op: string;
  slot: number;
  args: string[];
  /** key=value options (open) */
  options: Record<string, string>;
  line: number;
}

export interface Scenario {
  name: string;
  description: string;
  steps: Step[];
}

const OPS: Record<string, [min: number, max: number]> = {
  open: [1, 1], load: [0, 0], close: [0, 0],
  pin_maps: [0, 1], unpin_maps: [0, 1], pin_programs: [1, 1], unpin_programs: [1, 1],
  set_pin_path: [2, 2], pin_map: [1, 2], unpin_map: [1, 2], set_max_entries: [2, 2],
  set_autoload: [2, 2], update: [3, 4], lookup: [2, 3], delete: [2, 2], next_key: [1, 2],
  map_info: [1, 1], set_initial_value: [2, 2], initial_value: [1, 1],
  update_batch: [3, 4], delete_batch: [2, 3], lookup_batch: [2, 2], attach: [1, 5],
  attach_struct_ops: [1, 1],
};

export function parseScenario(text: string, name: string): Scenario {
  const steps: Step[] = [];
  let description = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith('#')) {
      if (!description) description = line.replace(/^#\s*/, '');
      return;
    }
    const [op, slotText, ...rest] = line.split(/\s+/);
    const arity = OPS[op];
    if (!arity) throw new Error(`${name}:${i + 1}: unknown step '${op}'`);
    const slot = Number(slotText);
    if (!Number.isInteger(slot) || slot < 0 || slot > 7) throw new Error(`${name}:${i + 1}: slot must be 0..7`);
    const options: Record<string, string> = {};
    const args = op === 'open' ? rest.filter((a) => {
      const m = a.match(/^([a-z_]+)=(.*)$/);
      if (m) options[m[1]] = m[2];
      return !m;
    }) : rest;
    if (args.length < arity[0] || args.length > arity[1]) {
      throw new Error(`${name}:${i + 1}: '${op}' takes ${arity[0]}..${arity[1]} arguments`);
    }
    steps.push({ op, slot, args, options, line: i + 1 });
  });
  return { name, description, steps };
}

export function readScenario(path: string): Scenario {
  return parseScenario(readFileSync(path, 'utf8'), path.split('/').pop()!.replace(/\.scn$/, ''));
}

/** The run's environment: what $BPFFS, $TMP and $OBJ stand for. */
export interface RunEnv {
  bpffs: string;
  tmp: string;
  obj: string;
}

export function substitute(text: string, env: RunEnv): string {
  return text.replaceAll('$BPFFS', env.bpffs).replaceAll('$TMP', env.tmp).replaceAll('$OBJ', env.obj);
}

/** An object argument: a path, or a name in $OBJ. */
export function objectPath(arg: string, env: RunEnv): string {
  const s = substitute(arg, env);
  return s.includes('/') ? s : `${env.obj}/${s}.bpf.o`;
}

export function hexBytes(hex: string): Uint8Array {
  const clean = hex === '_' ? '' : hex;
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad hex bytes '${hex}'`);
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
