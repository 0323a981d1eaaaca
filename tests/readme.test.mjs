// README.md's quick start runs as written: its code block, saved as quickstart.mjs in a
// project whose node_modules/libbpf-wasm is this package, run as root in a private network
// and mount namespace (its XDP program attaches to that namespace's loopback; its bpffs
// mount goes with the namespace). And the README's links into the API reference resolve.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { repoRoot } from './helpers/objects.mjs';
import { anchorsOf } from '../scripts/gen-api-docs.mjs';

const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
const MARKER = '<!-- quickstart: tests/readme.test.mjs runs the next code block as written -->';

/** The fenced code block right after `marker`. */
function blockAfter(text, marker) {
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `README.md has the marker ${marker}`);
  const m = /```(\w*)\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(m, 'a code block follows the marker');
  return { lang: m[1], code: m[2] };
}

test('the README links only to headings that exist in docs/api/README.md', () => {
  const api = readFileSync(`${repoRoot}docs/api/README.md`, 'utf8');
  const anchors = new Set(anchorsOf(api));
  const links = [...readme.matchAll(/\(docs\/api\/README\.md#([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length >= 10, `the API in brief links the reference (${links.length} links)`);
  for (const a of links) assert.ok(anchors.has(a), `docs/api/README.md#${a} exists`);
});

test('the quick start runs as written and counts the packets it sent', () => {
  if (!kernelTestsCanRun('readme.test.mjs')) return;
  const { lang, code } = blockAfter(readme, MARKER);
  assert.is(lang, 'js');
  const project = mkdtempSync(join(tmpdir(), 'readme-quickstart-'));
  try {
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(repoRoot, join(project, 'node_modules', 'libbpf-wasm'));
    writeFileSync(join(project, 'quickstart.mjs'), code);
    const r = spawnSync('unshare', ['--net', '--mount', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" quickstart.mjs`],
      { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: project } });
    assert.is(r.status, 0, `exit ${r.status ?? r.signal}: ${r.stderr}`);
    const counted = /^ifindex 1: (\d+) packets$/m.exec(r.stdout);
    assert.ok(counted, r.stdout);
    // 3 UDP packets, and the ICMP port-unreachable answers to them, all through lo.
    assert.ok(Number(counted[1]) >= 3, r.stdout);
    assert.match(r.stdout, new RegExp(`/counters: ${counted[1]}n$`, 'm'), 'the pin holds the same count');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test.run();
