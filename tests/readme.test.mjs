// README.md's quick start runs as written (tests/helpers/readme.mjs) in a project whose
// node_modules/libbpf-wasm links this checkout (tests/tarball.test.mjs runs it from the
// installed tarball), and the README's links into the API reference resolve.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { repoRoot } from './helpers/objects.mjs';
import { anchorsOf } from '../scripts/gen-api-docs.mjs';
import { readme, runQuickstart } from './helpers/readme.mjs';

test('the README links only to headings that exist in docs/api/README.md', () => {
  const api = readFileSync(`${repoRoot}docs/api/README.md`, 'utf8');
  const anchors = new Set(anchorsOf(api));
  const links = [...readme.matchAll(/\(docs\/api\/README\.md#([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length >= 10, `the API in brief links the reference (${links.length} links)`);
  for (const a of links) assert.ok(anchors.has(a), `docs/api/README.md#${a} exists`);
});

test('the quick start runs as written and counts the packets it sent', () => {
  if (!kernelTestsCanRun('readme.test.mjs')) return;
  const project = mkdtempSync(join(tmpdir(), 'readme-quickstart-'));
  try {
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(repoRoot, join(project, 'node_modules', 'libbpf-wasm'));
    runQuickstart(project);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test.run();
