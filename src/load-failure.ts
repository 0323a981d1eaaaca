// A failed bpf_object__load, said so a person can act: which program the kernel refused
// and its verifier log (the message ends with its last lines), the pin path that is not on
// a bpffs, the attributes a pinned map differs in, or what permission or support is missing.
import { annotate, LibbpfError, type ErrorDetails } from './errors.js';
import type { ObjectCore } from './object-core.js';
import { bare } from './error-cause.js';
import { failedProgram, verifierTail } from './verifier-log.js';
import { notOnBpffs, notSupportedHint, permissionHint, reuseMismatchHint, reuseMismatchPath,
  type ReuseAttributes } from './error-hints.js';
import { mapInfoReader, readInfo } from './info.js';
import { MapType } from './bpf-enums.js';

export interface LoadContext {
  core: ObjectCore;
  /** Map name -> libbpf's struct bpf_map pointer. */
  maps: ReadonlyMap<string, number>;
  /** The verifier logs libbpf printed during the load, by program name. */
  logs: ReadonlyMap<string, string>;
  /** Program name -> its SEC() name. */
  sections: ReadonlyMap<string, string>;
}

export function loadFailure(e: LibbpfError, ctx: LoadContext): LibbpfError {
  const details: ErrorDetails = {};
  const program = failedProgram(e.log);
  if (program !== undefined) {
    details.program = program;
    const text = ctx.logs.get(program);
    if (text) {
      details.verifierLog = text;
      details.tail = verifierTail(program, text);
    }
  }
  const bpffs = notOnBpffs(e.log);
  const reusePath = reuseMismatchPath(e.log);
  if (bpffs) {
    details.path = bpffs.path;
    details.hint = bpffs.hint;
  } else if (reusePath !== undefined) {
    details.path = reusePath;
    details.hint = reuseHint(e.log, reusePath, ctx);
  } else {
    details.hint = permissionHint(e.errno) ?? notSupportedHint(e.errno, unsupportedWhat(e.log, program, ctx));
  }
  return details.program || details.hint || details.path ? annotate(e, details) : e;
}

function reuseHint(log: readonly string[], path: string, ctx: LoadContext): string | undefined {
  const name = log.map(bare).map((l) => /^map '([^']*)': error reusing pinned map$/.exec(l)?.[1]).find((n) => n);
  const ptr = name === undefined ? undefined : ctx.maps.get(name);
  if (name === undefined || ptr === undefined) return undefined;
  const ours: ReuseAttributes = ctx.core.invoke('bpf_map__type', (ex) => ({
    type: ex.bpf_map__type(ptr), keySize: ex.bpf_map__key_size(ptr), valueSize: ex.bpf_map__value_size(ptr),
    maxEntries: ex.bpf_map__max_entries(ptr), mapFlags: ex.bpf_map__map_flags(ptr),
    mapExtra: BigInt.asUintN(64, ex.bpf_map__map_extra(ptr)),
  }));
  const pinned = pinnedMapInfo(ctx.core, path);
  if (pinned === undefined) return `map '${name}' cannot reuse the map pinned at ${path} (it could not be inspected now)`;
  return reuseMismatchHint(name, path, ours, pinned, mapTypeName);
}

/** The pinned map's attributes, read through the object's own instance (bpf_obj_get, then
 *  OBJ_GET_INFO_BY_FD), so that loading an object never needs the handles' code. */
function pinnedMapInfo(core: ObjectCore, path: string): ReuseAttributes | undefined {
  const op = 'bpf_obj_get';
  const inst = core.instance(op);
  const p = inst.cString(path);
  try {
    const fd = inst.invoke(op, (ex) => ex.bpf_obj_get(p));
    if (fd < 0) return undefined;
    try {
      return readInfo(inst, 'bpf_map_get_info_by_fd', fd, path, mapInfoReader);
    } catch {
      return undefined; // not a map, or gone since
    } finally {
      inst.invoke('close', (ex) => ex.close(fd)); // the instance's fd ledger forgets it too
    }
  } finally {
    inst.free(p);
  }
}

function mapTypeName(type: number): string {
  const name = Object.entries(MapType).find(([, v]) => v === type)?.[0];
  return name ? `${name} (${type})` : String(type);
}

function unsupportedWhat(log: readonly string[], program: string | undefined, ctx: LoadContext): string {
  if (program !== undefined) return `program '${program}' of SEC("${ctx.sections.get(program) ?? '?'}")`;
  const map = log.map(bare).map((l) => /^map '([^']*)': failed to create/.exec(l)?.[1]).find((n) => n);
  return map !== undefined ? `map '${map}' as defined` : 'what this object asks for';
}
