// The optional V8 fast-call addon (host/fast/): built per Node ABI, so it is looked up by
// this process's ABI (process.versions.modules), and used only when it loads, its
// fast-API layout matches the running V8 (it says so in `layout`), and it finds the main
// addon's direct path. Anything else is a reason string: the caller uses Node-API.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addonStatus } from './addon.js';

type DirectCall = (op: number, fd: number, keySize: number, valueSize: number, flags: number) => number;

export interface FastAddon {
  v8Version: string;
  /** The fast-API layout compiled in and matching the running V8; 0: no fast calls. */
  layout: number;
  bind(mainAddonPath: string): boolean;
  /** The direct path's op (host/src/map_direct.h) as a V8 fast call. */
  elem: DirectCall;
  /** Fast calls made on this thread: proof that optimised code took the fast path. */
  fastCalls(): number;
}

const abi = process.versions.modules;
/** Where a build for this ABI may be: scripts/build-fast-addon.sh's output (a checkout),
 *  then the package's prebuild beside the main addon's (scripts/prebuild-addon.sh). The
 *  prebuild's name does not end in `.node`, so the main addon's resolver (addon-path.ts,
 *  node-gyp-build's rules: any `.node` file there that its tags do not rule out) can
 *  never take it for the main addon. */
export const FAST_ADDON_PATHS = [
  `../../host/fast/dist/abi${abi}/map_fast.node`,
  `../../host/prebuilds/${process.platform}-${process.arch}/map_fast.abi${abi}.so`,
].map((p) => fileURLToPath(new URL(p, import.meta.url)));

let loaded: FastAddon | string | undefined;

/** The bound fast-call addon, or why there is none. Loaded once per thread. */
export function fastAddon(): FastAddon | string {
  if (loaded !== undefined) return loaded;
  const file = FAST_ADDON_PATHS.find((p) => existsSync(p));
  if (!file) {
    return (loaded = `no fast-call addon built for this Node ABI (${abi}): scripts/build-fast-addon.sh builds it`);
  }
  try {
    const main = addonStatus();
    // process.dlopen, as for the main addon: any file name, no CommonJS module record.
    const module = { exports: {} };
    process.dlopen(module, file);
    const f = module.exports as FastAddon;
    if (!main.available) loaded = `no main addon to bind to: ${main.reason}`;
    else if (f.layout === 0) loaded = `V8 ${f.v8Version}: its fast-API layout is not one verified here`;
    else if (!f.bind(main.path)) loaded = 'the fast-call addon could not find the main addon\'s direct path';
    else loaded = f;
  } catch (e) {
    loaded = `the fast-call addon did not load: ${(e as Error).message}`;
  }
  return loaded;
}
