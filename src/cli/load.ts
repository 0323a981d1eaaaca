// `load <obj.o>`: open, configure globals (--set), load (maps created, or reused from
// pins under --pin-root), pin maps and programs, attach and pin the links; prints what
// was created, reused, pinned and attached. A failure undoes what this command made, so
// nothing is left pinned. `unpin <obj.o>`: removes the pins `load` made.
import { existsSync, unlinkSync } from 'node:fs';
import { runCommand, stringOption, UsageError, type Command, type Context } from './command.js';
import { openObjectFile } from './object-file.js';
import { enumLabel } from '../enum-names.js';
import { LibbpfError } from '../errors.js';
import type { BpfObject } from '../object.js';
import type { BpfLink } from '../link.js';

/** Where bpf_object__pin_maps(obj, dir) pins a map: libbpf turns every '.' of the
 *  joined path into '_' (bpffs names cannot hold periods; libbpf.c sanitize_pin_path). */
export const mapPinPath = (dir: string, name: string): string => `${dir.replace(/\/+$/, '')}/${name}`.replaceAll('.', '_');
const progPinPath = (dir: string, name: string): string => `${dir.replace(/\/+$/, '')}/${name}`;
/** Where `load --attach` pins a program's link, beside the program's own pin. */
const linkPinPath = (dir: string, name: string): string => `${progPinPath(dir, name)}_link`;

/** A --set value: an integer (exact beyond 2^53), true/false, JSON, or else a string. */
function parseValue(text: string): unknown {
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(text)) {
    const neg = text.startsWith('-');
    const big = BigInt(neg ? text.slice(1) : text) * (neg ? -1n : 1n);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[[{"]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UsageError(`--set: '${text}' is not valid JSON`);
    }
  }
  return text;
}

function applySets(obj: BpfObject, sets: string[]): void {
  const globals = obj.globals;
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set: expected VAR=VALUE, got '${s}'`);
    const name = s.slice(0, eq);
    if (!(name in globals)) {
      throw new UsageError(`--set: no global variable '${name}' in ${obj.name} (it has: ${Object.keys(globals).join(', ') || 'none'})`);
    }
    try {
      globals[name] = parseValue(s.slice(eq + 1));
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError || (e instanceof LibbpfError && e.code === 'EINVAL')) {
        throw new UsageError(`--set ${name}: ${e.message}`);
      }
      throw e;
    }
  }
}

function loadObject(ctx: Context): unknown {
  const [file] = ctx.positionals;
  const pinRoot = stringOption(ctx, 'pin-root');
  const pinMaps = stringOption(ctx, 'pin-maps');
  const pinProgs = stringOption(ctx, 'pin-progs');
  const attach = ctx.values.attach === true;
  if (attach && !pinProgs) {
    throw new UsageError('load: --attach needs --pin-progs DIR: a link lives only as long as its fd or its pin, and this command exits');
  }
  const obj = openObjectFile(file, pinRoot ? { pinRootPath: pinRoot } : {});
  const undo: (() => void)[] = [];
  const links: BpfLink[] = [];
  try {
    applySets(obj, (ctx.values.set as string[] | undefined) ?? []);
    const reused = new Set(obj.maps.filter((m) => m.pinPath !== null && existsSync(m.pinPath)).map((m) => m.name));
    obj.load();
    for (const m of obj.maps) if (m.isPinned && !reused.has(m.name)) undo.push(() => m.unpin());
    if (pinMaps) {
      obj.pinMaps(pinMaps);
      undo.push(() => obj.unpinMaps(pinMaps));
    }
    if (pinProgs) {
      obj.pinPrograms(pinProgs);
      undo.push(() => obj.unpinPrograms(pinProgs));
    }
    const linkOf = new Map<number, { id: number; pinned: string }>();
    if (attach) {
      links.push(...obj.attach());
      for (const l of links) {
        const info = l.info();
        const prog = obj.programs.find((p) => p.fd >= 0 && p.info().id === info.progId);
        const path = linkPinPath(pinProgs as string, prog?.name ?? `prog_${info.progId}`);
        l.pin(path);
        undo.push(() => l.unpin());
        linkOf.set(info.progId, { id: info.id, pinned: path });
      }
    }
    const result = {
      object: obj.name,
      maps: obj.maps.filter((m) => m.fd >= 0).map((m) => ({ // (a map with autocreate off is not made)
        name: m.name, type: enumLabel('map', m.type), id: m.info().id, action: reused.has(m.name) ? 'reused' : 'created',
        pinned: pinMaps ? mapPinPath(pinMaps, m.name) : m.isPinned ? m.pinPath : null,
      })),
      programs: obj.programs.filter((p) => p.fd >= 0).map((p) => {
        const id = p.info().id;
        return { name: p.name, type: enumLabel('prog', p.type), id, pinned: pinProgs ? progPinPath(pinProgs, p.name) : null,
          link: linkOf.get(id) ?? null };
      }),
    };
    undo.length = 0; // done: what was made stays
    if (!ctx.json) printLoad(ctx, file, result, attach);
    return result;
  } catch (e) {
    for (const u of undo.reverse()) {
      try {
        u();
      } catch {
        // Undo what can be undone; the first error is the one to report.
      }
    }
    throw e;
  } finally {
    for (const l of links) l.destroy(); // a pinned link stays attached; an unpinned one (failure) goes
    obj.close();
  }
}

type LoadResult = { object: string; maps: { name: string; type: string; id: number; action: string; pinned: string | null }[];
  programs: { name: string; type: string; id: number; pinned: string | null; link: { id: number; pinned: string } | null }[] };

function printLoad(ctx: Context, file: string, r: LoadResult, attach: boolean): void {
  ctx.out(`loaded ${file} (object ${r.object}): ${r.maps.length} maps, ${r.programs.length} programs`);
  for (const m of r.maps) ctx.out(`  map ${m.name} (${m.type}): ${m.action}, id ${m.id}${m.pinned ? `, pinned at ${m.pinned}` : ''}`);
  for (const p of r.programs) {
    ctx.out(`  prog ${p.name} (${p.type}): loaded, id ${p.id}${p.pinned ? `, pinned at ${p.pinned}` : ''}` +
      (p.link ? `; attached: link id ${p.link.id}, pinned at ${p.link.pinned}` : attach ? '; not attached (its SEC() names no attach point)' : ''));
  }
}

const load: Command = {
  name: 'load', synopsis: '<obj.o> [--pin-root DIR] [--pin-maps DIR] [--pin-progs DIR] [--attach] [--set VAR=VALUE ...]',
  positionals: [1, 1], missing: 'which object?',
  summary: 'load an object: globals set, maps created or reused, pins and links made; prints what was done',
  details: '  --pin-root DIR   libbpf\'s pin_root_path: maps with pinning = LIBBPF_PIN_BY_NAME are reused\n' +
    '                   from DIR/<name> when pinned there, else created and pinned there\n' +
    '  --pin-maps DIR   pin every map at DIR/<name> (bpf_object__pin_maps; \'.\' becomes \'_\')\n' +
    '  --pin-progs DIR  pin every program at DIR/<name> (bpf_object__pin_programs)\n' +
    '  --attach         attach every program whose SEC() names its attach point; each link is\n' +
    '                   pinned at <pin-progs DIR>/<name>_link (needs --pin-progs)\n' +
    '  --set VAR=VALUE  set a .rodata/.data/.bss global before load (repeatable): an integer,\n' +
    '                   true/false, JSON (structs, arrays, "strings"), or text for char arrays\n' +
    '  On failure, the pins this command made are removed again.',
  options: {
    'pin-root': { type: 'string' }, 'pin-maps': { type: 'string' }, 'pin-progs': { type: 'string' },
    attach: { type: 'boolean' }, set: { type: 'string', multiple: true },
  },
  run: loadObject,
};

const unpin: Command = {
  name: 'unpin', synopsis: '<obj.o> [--pin-root DIR | --pin-maps DIR] [--pin-progs DIR]', positionals: [1, 1],
  missing: 'which object?', summary: 'remove the pins `load` made for this object (maps, programs, links)',
  details: '  --pin-root DIR   the maps pinned by name under DIR (pinning = LIBBPF_PIN_BY_NAME)\n' +
    '  --pin-maps DIR   every map\'s DIR/<name>\n  --pin-progs DIR  every program\'s DIR/<name> and link DIR/<name>_link',
  options: { 'pin-root': { type: 'string' }, 'pin-maps': { type: 'string' }, 'pin-progs': { type: 'string' } },
  async run(ctx) {
    const pinRoot = stringOption(ctx, 'pin-root');
    const pinMaps = stringOption(ctx, 'pin-maps');
    const pinProgs = stringOption(ctx, 'pin-progs');
    if (pinRoot && pinMaps) throw new UsageError('unpin: --pin-root or --pin-maps, not both');
    if (!pinRoot && !pinMaps && !pinProgs) throw new UsageError('unpin: where? (--pin-root, --pin-maps or --pin-progs)');
    const obj = openObjectFile(ctx.positionals[0], pinRoot ? { pinRootPath: pinRoot } : {});
    let paths: { kind: string; name: string; path: string }[];
    try {
      paths = [
        ...obj.maps.flatMap((m) => {
          const path = pinMaps ? mapPinPath(pinMaps, m.name) : pinRoot ? m.pinPath : null;
          return path ? [{ kind: 'map', name: m.name, path }] : [];
        }),
        ...(pinProgs ? obj.programs.flatMap((p) => [
          { kind: 'link', name: p.name, path: linkPinPath(pinProgs, p.name) },
          { kind: 'prog', name: p.name, path: progPinPath(pinProgs, p.name) },
        ]) : []),
      ];
    } finally {
      obj.close();
    }
    const { fdFromPinned } = await import('../handles/open.js');
    const kinds = { map: 'bpf-map', prog: 'bpf-prog', link: 'bpf_link' } as const;
    const done = paths.map((p) => {
      if (!existsSync(p.path)) return { ...p, removed: false };
      // Only a pin of the right kind goes: never a file that merely sits at that name.
      fdFromPinned(kinds[p.kind as keyof typeof kinds], 'unpin', p.path).close();
      unlinkSync(p.path);
      return { ...p, removed: true };
    }).filter((p) => p.removed || p.kind !== 'link');
    if (!ctx.json) for (const p of done) ctx.out(`${p.kind} ${p.name}: ${p.removed ? `unpinned ${p.path}` : `not pinned at ${p.path}`}`);
    return done;
  },
};

export const runLoad = (argv: string[]): Promise<number> => runCommand(load, argv);
export const runUnpin = (argv: string[]): Promise<number> => runCommand(unpin, argv);
