// The native host addon (host/): the only code that makes syscalls for the module.
import { checkReadable, loadError } from '../load-error.js';
import { fileURLToPath } from 'node:url';
import type { HostAbiAddon } from './host-abi.gen.js';

/** One row of the addon's bpf() pointer table (host/README.md). */
export interface PointerTableRow {
  role: 'last-field' | 'pointer' | 'info-struct';
  cmd: string;
  cmdValue: number;
  returnsFd?: boolean;
  [key: string]: unknown;
}

/** The addon: the functions serving the module's imports (host-abi.json) and its table. */
export interface HostAddon extends HostAbiAddon {
  pointerTable(): PointerTableRow[];
  /** bpf() commands whose result is a new fd, from the pointer table (declared there once). */
  readonly fdResultCmds: ReadonlySet<number>;
}

const addonPath = fileURLToPath(new URL('../../host/build/Release/bpfhost.node', import.meta.url));
let addon: HostAddon | undefined;

export function hostAddon(): HostAddon {
  if (!addon) {
    const op = 'libbpf-wasm: load the host addon';
    const fix = 'build it with `npm rebuild libbpf-wasm` (an installed package) or `npm run setup` (a checkout)';
    checkReadable(op, 'the native host addon', addonPath, fix);
    let raw: Omit<HostAddon, 'fdResultCmds'>;
    try {
      // process.dlopen, not require(): the same load without the CommonJS loader's module
      // record and path resolution, ~3 ms of the cold start.
      const module = { exports: {} };
      process.dlopen(module, addonPath);
      raw = module.exports as Omit<HostAddon, 'fdResultCmds'>;
    } catch (e) {
      throw loadError(op, 'the native host addon', addonPath, fix, e);
    }
    const fdResultCmds = new Set(raw.pointerTable()
      .filter((row) => row.role === 'last-field' && row.returnsFd)
      .map((row) => row.cmdValue));
    addon = Object.freeze({ ...raw, fdResultCmds });
  }
  return addon;
}
