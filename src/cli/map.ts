// `map list|show|dump|lookup|update|delete|freeze|pin`: maps in the kernel, named by id
// or pinned path, as bpftool shows them (its JSON field names; dumps decoded through the
// map's BTF when it has one, hex otherwise).
import { runGroup, UsageError, type Command, type Context } from './command.js';
import { withTarget, nothingMore, TARGET, type Target } from './target.js';
import { jsonHex, textHex, toJson, hexNumber } from './format.js';
import { fdinfo, fdinfoNumber } from './fdinfo.js';
import { takeBytes, checkLength } from './bytes-input.js';
import { formatValue } from './btf-values.js';
import { listCommand, showCommand, type KernelKind } from './kernel-lists.js';
import { enumLabel } from '../enum-names.js';
import { MapHandle } from '../handles/map-handle.js';
import { KernelBtf } from '../btf/btf.js';
import { PERCPU_TYPES } from '../map-core.js';
import { possibleCpus } from '../cpus.js';
import type { MapInfo } from '../info.js';

const UPDATE_FLAGS: Record<string, number> = { any: 0, noexist: 1, exist: 2 };

function openMap(t: Target): MapHandle {
  return 'id' in t ? MapHandle.fromId(t.id) : MapHandle.fromPinned(t.path);
}

/** The map named by the positionals, with its info, for `use`. */
const withMap = <A, T>(ctx: Context, cmd: string, parse: (rest: string[]) => A,
  use: (m: MapHandle, info: MapInfo, args: A) => T): T =>
  withTarget(cmd, ctx.positionals, parse, openMap, (m, args) => use(m, m.info(), args));

/** bpftool's `map show` record. */
function describe(map: MapHandle, i: MapInfo): Record<string, unknown> {
  const f = fdinfo(map.fd);
  return {
    id: i.id, type: enumLabel('map', i.type), name: i.name, flags: i.mapFlags, bytes_key: i.keySize,
    bytes_value: i.valueSize, max_entries: i.maxEntries, bytes_memlock: fdinfoNumber(f, 'memlock'),
    frozen: fdinfoNumber(f, 'frozen'), ...(i.btfId ? { btf_id: i.btfId } : {}),
  };
}

function showText(ctx: Context, d: Record<string, unknown>): void {
  ctx.out(`${d.id as number}: ${d.type as string}  name ${d.name as string}  flags ${hexNumber(d.flags as number)}`);
  ctx.out(`\tkey ${d.bytes_key as number}B  value ${d.bytes_value as number}B  max_entries ${d.max_entries as number}` +
    `${d.bytes_memlock === undefined ? '' : `  memlock ${d.bytes_memlock as number}B`}`);
  if (d.btf_id || d.frozen) ctx.out(`\t${d.btf_id ? `btf_id ${d.btf_id as number}` : ''}${d.frozen ? '  frozen' : ''}`.trimEnd());
}

/** Decodes keys and values through the map's BTF (kernel's, by btf_id), when it has one. */
class Formatter {
  readonly #btf: KernelBtf | null;
  constructor(readonly info: MapInfo) {
    this.#btf = info.btfId && info.btfValueTypeId ? KernelBtf.fromId(info.btfId) : null;
  }
  get typed(): boolean { return this.#btf !== null; }
  /** The formatted key, as a record to spread: none for a map whose key has no BTF type (bpftool's way). */
  key(bytes: Uint8Array): { key?: unknown } {
    return this.#btf && this.info.btfKeyTypeId ? { key: formatValue(this.#btf, this.info.btfKeyTypeId, bytes) } : {};
  }
  value(bytes: Uint8Array): unknown {
    return this.#btf ? formatValue(this.#btf, this.info.btfValueTypeId, bytes) : jsonHex(bytes);
  }
  close(): void { this.#btf?.close(); }
}

/** One element as bpftool's `map dump -j` entry. */
function entryJson(f: Formatter, key: Uint8Array, value: Uint8Array): Record<string, unknown> {
  const i = f.info;
  if (!PERCPU_TYPES.has(i.type)) {
    return { key: jsonHex(key), value: jsonHex(value), ...(f.typed ? { formatted: { ...f.key(key), value: f.value(value) } } : {}) };
  }
  const stride = Math.ceil(i.valueSize / 8) * 8;
  const cpus = Array.from({ length: value.length / stride }, (_, cpu) => value.subarray(cpu * stride, cpu * stride + i.valueSize));
  return {
    key: jsonHex(key), values: cpus.map((v, cpu) => ({ cpu, value: jsonHex(v) })),
    ...(f.typed ? { formatted: { ...f.key(key), values: cpus.map((v, cpu) => ({ cpu, value: f.value(v) })) } } : {}),
  };
}

function printEntries(ctx: Context, f: Formatter, entries: Record<string, unknown>[]): void {
  if (f.typed) {
    // bpftool's plain dump of a typed map: the decoded entries, indented JSON.
    ctx.out(toJson(entries.map((e) => e.formatted), 4));
    return;
  }
  const hex = (h: unknown) => (h as string[]).map((b) => b.slice(2)).join(' ');
  for (const e of entries) {
    if (e.values) {
      ctx.out(`key:\n${hex(e.key)}`);
      for (const v of e.values as { cpu: number; value: string[] }[]) ctx.out(`value (CPU ${String(v.cpu).padStart(2, '0')}): ${hex(v.value)}`);
    } else {
      ctx.out(`key: ${hex(e.key)}  value: ${hex(e.value)}`);
    }
  }
}

const MAPS: KernelKind<MapHandle> = {
  group: 'map', ids: () => MapHandle.ids(), fromId: (id) => MapHandle.fromId(id), open: openMap,
  describe: (m) => describe(m, m.info()), showText,
};
const list = listCommand(MAPS, 'every map in the kernel');
const show = showCommand(MAPS, 'one map: type, sizes, flags, memlock, BTF');


const dump: Command = {
  name: 'map dump', synopsis: TARGET, positionals: [1, 2],
  summary: 'every element: decoded through the map\'s BTF when it has one (as bpftool), hex otherwise',
  run(ctx) {
    return withMap(ctx, 'map dump', nothingMore('map dump'), (m, info) => {
      const f = new Formatter(info);
      try {
        const entries = [...m.entries()].map(([k, v]) => entryJson(f, k, v));
        if (!ctx.json) {
          printEntries(ctx, f, entries);
          ctx.out(`Found ${entries.length} element${entries.length === 1 ? '' : 's'}`);
        }
        return entries;
      } finally {
        f.close();
      }
    });
  },
};

/** `key BYTES` and nothing after. */
const keyOnly = (cmd: string) => (rest: string[]): Uint8Array => {
  const { bytes, rest: extra } = takeBytes(cmd, rest, 'key', []);
  nothingMore(cmd)(extra);
  return bytes;
};

const KEY_HELP = '  key/value: bytes, each 0x.. or decimal (key 0x01 0x00 0x00 0x00), or `hex` and pairs of\n' +
  '  hex digits (value hex 2a000000). Per-CPU maps: one value for every CPU, or all of them.';

const lookup: Command = {
  name: 'map lookup', synopsis: `${TARGET} key BYTES`, positionals: [1, Infinity], summary: 'one element',
  details: KEY_HELP,
  run(ctx) {
    return withMap(ctx, 'map lookup', keyOnly('map lookup'), (m, info, key) => {
      checkLength('map lookup', 'key', key, info.keySize);
      const value = m.lookup(key);
      if (value === undefined) throw new Error(`map lookup: no element with key ${textHex(key)} in map '${info.name}' (id ${info.id})`);
      const f = new Formatter(info);
      try {
        const e = entryJson(f, key, value);
        if (!ctx.json) printEntries(ctx, f, [e]);
        return e;
      } finally {
        f.close();
      }
    });
  },
};

const update: Command = {
  name: 'map update', synopsis: `${TARGET} key BYTES value BYTES [any|exist|noexist]`, positionals: [1, Infinity],
  summary: 'create or change one element (default any: BPF_ANY)', details: KEY_HELP,
  run(ctx) {
    return withMap(ctx, 'map update', (rest) => {
      const k = takeBytes('map update', rest, 'key', ['value']);
      const v = takeBytes('map update', k.rest, 'value', Object.keys(UPDATE_FLAGS));
      if (v.rest.length > 1 || (v.rest.length === 1 && !(v.rest[0] in UPDATE_FLAGS))) {
        throw new UsageError(`map update: unexpected argument '${v.rest[v.rest.length === 1 ? 0 : 1]}'`);
      }
      return { k, v, flags: UPDATE_FLAGS[v.rest[0] ?? 'any'] };
    }, (m, info, { k, v, flags }) => {
      checkLength('map update', 'key', k.bytes, info.keySize);
      if (PERCPU_TYPES.has(info.type)) {
        const cpus = possibleCpus();
        if (v.bytes.length === info.valueSize) {
          m.updatePerCpu(k.bytes, Array.from({ length: cpus }, () => v.bytes), flags);
        } else {
          checkLength('map update', `value (${cpus} CPUs of ${info.valueSize} bytes)`, v.bytes, cpus * info.valueSize);
          m.updatePerCpu(k.bytes, Array.from({ length: cpus }, (_, i) => v.bytes.subarray(i * info.valueSize, (i + 1) * info.valueSize)), flags);
        }
      } else {
        checkLength('map update', 'value', v.bytes, info.valueSize);
        m.update(k.bytes, v.bytes, flags);
      }
      if (!ctx.json) ctx.out(`updated: key ${textHex(k.bytes)} in map '${info.name}' (id ${info.id})`);
      return { id: info.id, key: jsonHex(k.bytes), updated: true };
    });
  },
};

const del: Command = {
  name: 'map delete', synopsis: `${TARGET} key BYTES`, positionals: [1, Infinity], summary: 'delete one element', details: KEY_HELP,
  run(ctx) {
    return withMap(ctx, 'map delete', keyOnly('map delete'), (m, info, key) => {
      checkLength('map delete', 'key', key, info.keySize);
      if (!m.delete(key)) throw new Error(`map delete: no element with key ${textHex(key)} in map '${info.name}' (id ${info.id})`);
      if (!ctx.json) ctx.out(`deleted: key ${textHex(key)} from map '${info.name}' (id ${info.id})`);
      return { id: info.id, key: jsonHex(key), deleted: true };
    });
  },
};

const freeze: Command = {
  name: 'map freeze', synopsis: TARGET, positionals: [1, 2], summary: 'make the map read-only for user space (BPF_MAP_FREEZE)',
  run(ctx) {
    return withMap(ctx, 'map freeze', nothingMore('map freeze'), (m, info) => {
      m.freeze();
      if (!ctx.json) ctx.out(`frozen: map '${info.name}' (id ${info.id})`);
      return { id: info.id, frozen: true };
    });
  },
};

const pin: Command = {
  name: 'map pin', synopsis: `${TARGET} <path>`, positionals: [2, 3], summary: 'pin the map at a path in a bpffs',
  run(ctx) {
    return withMap(ctx, 'map pin', (rest) => {
      if (rest.length !== 1) throw new UsageError('map pin: where? (a path in a bpffs)');
      return rest[0];
    }, (m, info, path) => {
      m.pin(path);
      if (!ctx.json) ctx.out(`pinned: map '${info.name}' (id ${info.id}) at ${path}`);
      return { id: info.id, pinned: path };
    });
  },
};

export const run = (argv: string[]): Promise<number> =>
  runGroup('map', 'maps in the kernel, named by id or pinned path', [list, show, dump, lookup, update, del, freeze, pin], argv);
