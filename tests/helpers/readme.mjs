// README.md's quick start, as a user runs it: its code block saved as quickstart.mjs in a
// project whose node_modules/libbpf-wasm is the package (a link to this checkout, or an
// install of the tarball), run as root in a private network and mount namespace (its XDP
// program attaches to that namespace's loopback; its bpffs mount goes with the namespace).
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './objects.mjs';

export const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
const MARKER = '<!-- quickstart: tests/readme.test.mjs runs the next code block as written -->';

/** The fenced code block right after `marker`. */
function blockAfter(text, marker) {
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `README.md has the marker ${marker}`);
  const m = /```(\w*)\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(m, 'a code block follows the marker');
  return { lang: m[1], code: m[2] };
}

/** Runs the quick start in `project` with `node` (PATH: `path`, which needs ip and mount)
 *  and checks what it prints: the packets it sent counted, and the same count through the pin. */
export function runQuickstart(project, { node = process.execPath, path = process.env.PATH } = {}) {
  const { lang, code } = blockAfter(readme, MARKER);
  assert.is(lang, 'js');
  writeFileSync(join(project, 'quickstart.mjs'), code);
  const sh = spawnSync('sh', ['-c', 'command -v sh'], { encoding: 'utf8' }).stdout.trim();
  const unshare = spawnSync('sh', ['-c', 'command -v unshare'], { encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(unshare, ['--net', '--mount', sh, '-c', `ip link set lo up && exec "${node}" quickstart.mjs`],
    { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PATH: path, TMPDIR: project } });
  assert.is(r.status, 0, `exit ${r.status ?? r.signal}: ${r.stderr}`);
  const counted = /^ifindex 1: (\d+) packets$/m.exec(r.stdout);
  assert.ok(counted, r.stdout);
  // 3 UDP packets, and the ICMP port-unreachable answers to them, all through lo.
  assert.ok(Number(counted[1]) >= 3, r.stdout);
  assert.match(r.stdout, new RegExp(`/counters: ${counted[1]}n$`, 'm'), 'the pin holds the same count');
}
