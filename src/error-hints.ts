// Hints for failures whose cause libbpf's warnings or errno make plain: what to do next.
// Each returns undefined when the cause is not the one it knows.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { bare } from './error-cause.js';
import { annotate, type LibbpfError } from './errors.js';

const EPERM = 1, ENOTSUPP = 524;

/** EPERM from bpf(): the capabilities, or the memlock limit of kernels before 5.11. */
export function permissionHint(errno: number): string | undefined {
  if (errno !== EPERM) return undefined;
  const root = typeof process.geteuid === 'function' && process.geteuid() === 0;
  return root
    ? 'running as root, so the kernel refused for another reason: on kernels before 5.11 the memlock limit ' +
      "('ulimit -l unlimited'); otherwise a lockdown or LSM policy, or a program kind this kernel does not allow"
    : 'bpf() needs root, or CAP_BPF + CAP_PERFMON (+ CAP_NET_ADMIN for networking programs); on kernels before ' +
      "5.11 also a memlock limit large enough ('ulimit -l unlimited')";
}

/** "specified path P is not on BPF FS": the pin path and the mount that fixes it. */
export function notOnBpffs(log: readonly string[]): { path: string; hint: string } | undefined {
  for (const line of log.map(bare)) {
    const m = /^specified path (.*) is not on BPF FS$/.exec(line);
    if (m) {
      // Mounting over a directory hides what it holds: name it only when it is empty.
      const dir = dirname(m[1]);
      const how = isEmptyDir(dir) ? `'mount -t bpf bpf ${dir}' (as root)` : "'mount -t bpf bpf <empty dir>' (as root) and pin there";
      return { path: m[1], hint: `pins live on a bpffs and ${dir} is not one: ${how}, or pin under /sys/fs/bpf` };
    }
  }
  return undefined;
}

/** "couldn't reuse pinned map at 'P': parameter mismatch": the pin path. */
export function reuseMismatchPath(log: readonly string[]): string | undefined {
  for (const line of log.map(bare)) {
    const m = /^couldn't reuse pinned map at '(.*)': parameter mismatch$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** The attributes libbpf compares before reusing a pinned map (map_is_reuse_compat). */
export interface ReuseAttributes {
  type: number; keySize: number; valueSize: number; maxEntries: number; mapFlags: number; mapExtra: bigint;
}

const LABELS: Record<keyof ReuseAttributes, string> = {
  type: 'type', keySize: 'key size', valueSize: 'value size', maxEntries: 'max entries', mapFlags: 'flags', mapExtra: 'map extra',
};

/** "key size: the object's 8, the pinned map's 4; ..." for every attribute that differs. */
export function reuseMismatchHint(map: string, path: string, ours: ReuseAttributes, pinned: ReuseAttributes,
  typeName: (t: number) => string): string {
  const show = (k: keyof ReuseAttributes, v: number | bigint) =>
    k === 'type' ? typeName(Number(v)) : k === 'mapFlags' ? `0x${v.toString(16)}` : String(v);
  const diffs = (Object.keys(LABELS) as (keyof ReuseAttributes)[])
    .filter((k) => ours[k] !== pinned[k])
    .map((k) => `${LABELS[k]}: the object's ${show(k, ours[k])}, the pinned map's ${show(k, pinned[k])}`);
  return `map '${map}' differs from the map pinned at ${path} in ${diffs.join('; ') || 'no attribute libbpf compares (it may have been replaced meanwhile)'}` +
    '; unpin the old map (rm the pin) to start afresh, or make the definitions agree';
}

/** ENOTSUPP (524, the kernel's internal "not supported"): what this call asked for. */
export function notSupportedHint(errno: number, what: string): string | undefined {
  if (errno !== ENOTSUPP) return undefined;
  return `this kernel does not support ${what} (ENOTSUPP, 524: a kernel-internal code for a feature ` +
    'this kernel, its configuration or its architecture lacks, such as a BPF trampoline for fentry/fexit)';
}

/** A failed call about a path (pin, unpin, open of a pin): `path`, and the hint when the
 *  path is not on a bpffs or permission was refused. */
export function pathFailure(e: LibbpfError, path: string | undefined): LibbpfError {
  const bpffs = notOnBpffs(e.log);
  const hint = bpffs?.hint ?? permissionHint(e.errno);
  const where = bpffs?.path ?? path;
  return where === undefined && hint === undefined ? e : annotate(e, { path: where, hint });
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}
