// The native host addon (host/): the only code that makes syscalls for the module.
// Found by node-gyp-build in host/: build/Release (built here, by `npm run setup` or at
// install) first, else the prebuild that fits in host/prebuilds/<platform>-<arch>/
// (prebuildify's layout: node.napi.glibc.node is the Node-API build for glibc; a per-ABI
// flavour, node.abi<N>.glibc.node, would be preferred for its Node by the same loader).
// Without it the module still runs, served by the no-kernel host (no-kernel-host.ts).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { LibbpfError } from '../errors.js';
import type { HostAbiAddon } from './host-abi.gen.js';

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
}

/** Whether the native addon is there, and if not, why (see addonStatus()). */
export type AddonStatus = { available: true; path: string } | { available: false; reason: string };

const require = createRequire(import.meta.url);
const hostDir = fileURLToPath(new URL('../../host/', import.meta.url));
/** Set to 1 to run without the addon even where it is built (what a machine without one sees). */
export const NO_ADDON_ENV = 'LIBBPF_WASM_NO_ADDON';
export const ENOADDON = 'ENOADDON';
const ENOSYS = 38;

let addon: HostAddon | undefined;
let status: AddonStatus | undefined;

function tryLoad(): AddonStatus {
  if (process.env[NO_ADDON_ENV] === '1') return { available: false, reason: `${NO_ADDON_ENV}=1 is set` };
  let path: string;
  try {
    path = (require('node-gyp-build') as { resolve(dir: string): string }).resolve(hostDir);
  } catch (e) {
    return { available: false, reason: `${firstLine(e)} (looked in ${hostDir}build/Release and ${hostDir}prebuilds)` };
  }
  try {
    const raw = require(path) as Omit<HostAddon, 'fdResultCmds'>;
    const fdResultCmds = new Set(raw.pointerTable()
      .filter((row) => row.role === 'last-field' && row.returnsFd)
      .map((row) => row.cmdValue));
    addon = Object.freeze({ ...raw, fdResultCmds });
    return { available: true, path };
  } catch (e) {
    return { available: false, reason: `${path} does not load: ${firstLine(e)}` };
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0].trim();
}

/** Whether the native host addon loads here (it is looked for once per thread). Without it,
 *  opening objects and reading their maps, programs and BTF work; kernel calls do not. */
export function addonStatus(): AddonStatus {
  return (status ??= tryLoad());
}

/** The addon; a LibbpfError ENOADDON naming `op` when it is not available here. */
export function hostAddon(op = 'libbpf-wasm: load the host addon'): HostAddon {
  const s = addonStatus();
  if (!s.available) throw addonRequiredError(op, s.reason);
  return addon!;
}

/** The error for a call that needs the addon where it is missing, with the way to get it. */
export function addonRequiredError(op: string, reason = (addonStatus() as { reason?: string }).reason ?? ''): LibbpfError {
  return new LibbpfError(op, ENOSYS, ENOADDON,
    `${op}: needs the native host addon, which is not available here (${reason}). ` +
    'Build it with `npm rebuild libbpf-wasm` (an installed package; needs python3, make and a C++ compiler) ' +
    'or `npm run setup` (a checkout). Without it, libbpf-wasm opens objects (from a path or bytes) and reads ' +
    'their maps, programs and BTF (inspect, btf dump, gen types), but loads, pins, attaches and reaches no ' +
    'kernel object.');
}
