// Where the native host addon is, in prebuildify's layout: host/build/Release (a local
// build) first, then host/build/Debug, then the prebuild in host/prebuilds/<platform>-<arch>/
// whose tags fit this process (this package ships node.napi.glibc.node). These are
// node-gyp-build 4.8's resolve() rules, written here so that neither the library nor its
// install script loads node-gyp-build: a CommonJS module whose require() cost 2-4 ms of
// the cold start (bench/cold-start.mjs).
// Used by src/host/addon.ts and scripts/install-addon.mjs, so both agree on what fits.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when no build fits; its message names what this process needs. */
export class NoAddonBuildError extends Error {}

/** An addon file's tags, from `<tag>.<tag>...node` (node-gyp-build's parseTags). */
interface Tags {
  file: string;
  runtime?: string;
  napi?: boolean;
  abi?: string;
  uv?: string;
  armv?: string;
  libc?: string;
  specificity: number;
}

function parseTags(file: string): Tags | undefined {
  const parts = file.split('.');
  if (parts.pop() !== 'node') return undefined;
  const tags: Tags = { file, specificity: 0 };
  for (const tag of parts) {
    if (tag === 'node' || tag === 'electron' || tag === 'node-webkit') tags.runtime = tag;
    else if (tag === 'napi') tags.napi = true;
    else if (tag.startsWith('abi')) tags.abi = tag.slice(3);
    else if (tag.startsWith('uv')) tags.uv = tag.slice(2);
    else if (tag.startsWith('armv')) tags.armv = tag.slice(4);
    else if (tag === 'glibc' || tag === 'musl') tags.libc = tag;
    else continue;
    tags.specificity++;
  }
  return tags;
}

/** glibc, unless LIBC says otherwise or this is Alpine (node-gyp-build's test). */
export function runningLibc(): string {
  return process.env.LIBC || (existsSync('/etc/alpine-release') ? 'musl' : 'glibc');
}

/** The `.node` files of a directory; none when it does not exist. Other errors propagate. */
function nodeFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.node')).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw e;
  }
}

/**
 * The addon's path under `hostDir`, or NoAddonBuildError. A build of this checkout wins;
 * among prebuilds, a file fits unless one of its tags rules it out (another runtime, ABI
 * without napi, libuv, ARM version or libc), and the most specific fitting one wins (this
 * runtime's over a runtime-agnostic one, an ABI build over a Node-API one).
 */
export function findAddon(hostDir: string): string {
  for (const build of ['build/Release', 'build/Debug']) {
    const first = nodeFiles(join(hostDir, build))[0];
    if (first) return join(hostDir, build, first);
  }
  const dir = join(hostDir, 'prebuilds', `${process.platform}-${process.arch}`);
  const runtime = 'node';
  const abi = process.versions.modules;
  const uv = (process.versions.uv ?? '').split('.')[0];
  const armv = process.env.ARM_VERSION ||
    (process.arch === 'arm64' ? '8' : String((process.config.variables as { arm_version?: string }).arm_version ?? ''));
  const libc = runningLibc();
  const fits = nodeFiles(dir).map(parseTags).filter((t): t is Tags => t !== undefined &&
    !(t.runtime && t.runtime !== runtime && !(t.runtime === 'node' && t.napi)) &&
    !(t.abi && t.abi !== abi && !t.napi) && !(t.uv && t.uv !== uv) && !(t.armv && t.armv !== armv) &&
    !(t.libc && t.libc !== libc));
  fits.sort((a, b) => {
    if (a.runtime !== b.runtime) return a.runtime === runtime ? -1 : 1;
    if (a.abi !== b.abi) return a.abi ? -1 : 1;
    return b.specificity - a.specificity;
  });
  if (fits.length) return join(dir, fits[0].file);
  throw new NoAddonBuildError(`No native build was found for platform=${process.platform} arch=${process.arch} ` +
    `runtime=${runtime} abi=${abi} uv=${uv}${armv ? ` armv=${armv}` : ''} libc=${libc} node=${process.versions.node} ` +
    `loaded from: ${hostDir}`);
}
