// The native host addon (host/): the only code that makes syscalls for the module.
// Found in host/ by addon-path.ts (prebuildify's layout, node-gyp-build's rules):
// build/Release (built here, by `npm run setup` or at install) first, else the prebuild
// that fits in host/prebuilds/<platform>-<arch>/ (node.napi.glibc.node: the Node-API build
// for glibc). Without it the module still runs, served by the no-kernel host
// (no-kernel-host.ts).
import { fileURLToPath } from 'node:url';
import { LibbpfError } from '../errors.js';
import { loadError, osErrnoOf } from '../load-error.js';
import type { HostAbiAddon } from './host-abi.gen.js';
import { findAddon, NoAddonBuildError } from './addon-path.js';

/** One row of the addon's bpf() pointer table (host/README.md). */
export interface PointerTableRow {
  role: 'last-field' | 'pointer' | 'info-struct';
  cmd: string;
  cmdValue: number;
  returnsFd?: boolean;
  [key: string]: unknown;
}

/** What a module instance needs from its host: the import functions and which bpf()
 *  commands return a new fd. */
export interface ModuleHost extends HostAbiAddon {
  /** bpf() commands whose result is a new fd, from the pointer table (declared there once). */
  readonly fdResultCmds: ReadonlySet<number>;
}

/** The addon: the functions serving the module's imports (host-abi.json) and its table. */
export interface HostAddon extends ModuleHost {
  pointerTable(): PointerTableRow[];
  /** The direct element path's scratch area (host/src/map_direct.h); undefined if unavailable. */
  mapDirectScratch(): ArrayBuffer | undefined;
  /** One element op on the direct path: 0, -errno, or 1 (declined: use the module). */
  mapDirect(op: number, fd: number, keySize: number, valueSize: number, flags: number): number;
}

/** Whether the native addon is there, and if not, why (see addonStatus()). */
export type AddonStatus = { available: true; path: string } | { available: false; reason: string };

const hostDir = fileURLToPath(new URL('../../host/', import.meta.url));
/** Set to 1 to run without the addon even where it is built (what a machine without one sees). */
export const NO_ADDON_ENV = 'LIBBPF_WASM_NO_ADDON';
export const ENOADDON = 'ENOADDON';
const ENOSYS = 38;
const LOAD_OP = 'libbpf-wasm: load the host addon';
const FIX = 'build it with `npm rebuild libbpf-wasm` (an installed package; needs python3, make and a C++ ' +
  'compiler) or `npm run setup` (a checkout)';
let addon: HostAddon | undefined;
let addonPath = '';
/** Why there is no addon here: settled (no build, none that fits, disabled), so kept. */
let absent: string | undefined;

/**
 * Loads the addon once. Returns null when it is loaded, or why it is absent. A failure to
 * read or map its files (an errno: EACCES, ENOMEM, EINTR ...) is thrown as LibbpfError and
 * tried again next time: it is never a reason to run without the addon.
 */
function probe(): string | null {
  if (addon) return null;
  if (absent !== undefined) return absent;
  if (process.env[NO_ADDON_ENV] === '1') return (absent = `${NO_ADDON_ENV}=1 is set`);
  let path: string;
  try {
    path = findAddon(hostDir);
  } catch (e) {
    if (!(e instanceof NoAddonBuildError)) throw loadError(LOAD_OP, 'the native host addon', hostDir, FIX, e);
    return (absent = `${e.message} (looked in ${hostDir}build/Release and ${hostDir}prebuilds)`);
  }
  let raw: Omit<HostAddon, 'fdResultCmds'>;
  try {
    // process.dlopen, not require(): the same load without the CommonJS loader's module
    // record and path resolution, ~3 ms of the cold start.
    const module = { exports: {} };
    process.dlopen(module, path);
    raw = module.exports as Omit<HostAddon, 'fdResultCmds'>;
  } catch (e) {
    if (osErrnoOf(e)) throw loadError(LOAD_OP, 'the native host addon', path, FIX, e);
    return (absent = `${path} does not load here: ${firstLine(e)}`); // another libc, arch or ABI
  }
  const fdResultCmds = new Set(raw.pointerTable()
    .filter((row) => row.role === 'last-field' && row.returnsFd)
    .map((row) => row.cmdValue));
  addon = Object.freeze({ ...raw, fdResultCmds });
  addonPath = path;
  return null;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0].trim();
}

/** Whether the native host addon loads here. Without it, opening objects and reading their
 *  maps, programs and BTF work; kernel calls are LibbpfError ENOADDON. */
export function addonStatus(): AddonStatus {
  try {
    const reason = probe();
    return reason === null ? { available: true, path: addonPath } : { available: false, reason };
  } catch (e) {
    return { available: false, reason: (e as Error).message };
  }
}

/** The addon; a LibbpfError ENOADDON naming `op` when it is not available here. */
export function hostAddon(op = 'libbpf-wasm'): HostAddon {
  const reason = probe();
  if (reason !== null) throw addonRequiredError(op, reason);
  return addon!;
}

/** The addon, or null where there is none (the module then runs on the no-kernel host);
 *  a LibbpfError when reading it failed. */
export function addonOrNull(): HostAddon | null {
  return probe() === null ? addon! : null;
}

/** The error for a call that needs the addon where it is missing, with the way to get it.
 *  `hostCall`: the host call libbpf made (statfs, bpf ...), when one was refused. */
export function addonRequiredError(op: string, reason: string, hostCall?: string, log?: readonly string[]): LibbpfError {
  return new LibbpfError(op, ENOSYS, ENOADDON,
    `${op}: needs the native host addon${hostCall ? ` (for ${hostCall}())` : ''}, which is not available here ` +
    `(${reason}). ${FIX.charAt(0).toUpperCase()}${FIX.slice(1)}. Without it, libbpf-wasm opens objects (from a ` +
    'path or bytes) and reads their maps, programs and BTF (inspect, btf dump, gen types), but loads, pins, ' +
    'attaches and reaches no kernel object.', { log });
}

