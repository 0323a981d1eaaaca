// The API reference (docs/api/README.md) is generated from the public declarations and is
// current, and every public export, and every public method and accessor of an exported
// class, has JSDoc (scripts/gen-api-docs.mjs says which one lacks it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as pkg from '../dist/index.js';
import { API_FILE, anchorsOf, collectApi, renderApi, undocumented } from '../scripts/gen-api-docs.mjs';

// Files other helpers of this wave are rewriting (speed: src/map*.ts, events: src/events/):
// their exports get their JSDoc when those branches are merged, and this list goes then.
const DEFERRED = [/^src\/map\.ts$/, /^src\/map-core\.ts$/, /^src\/events\//];

const entries = collectApi();

test('every runtime export of the package is in the reference', () => {
  const documented = new Set(entries.map((e) => e.name));
  for (const name of Object.keys(pkg)) assert.ok(documented.has(name), `${name} is exported but not in the reference`);
});

test('every public export, method and accessor has JSDoc', () => {
  const missing = undocumented(entries).filter((m) => !DEFERRED.some((d) => d.test(m.file)));
  assert.equal(missing.map((m) => `${m.what} (${m.file})`), [], 'undocumented (add a /** */ comment)');
  const deferred = undocumented(entries).length - missing.length;
  if (deferred) console.log(`# api-docs: ${deferred} undocumented in files being changed by other helpers (${DEFERRED.join(', ')})`);
});

test('docs/api/README.md is what scripts/gen-api-docs.mjs makes now (npm run docs:api)', () => {
  const committed = readFileSync(API_FILE, 'utf8');
  const fresh = renderApi(entries);
  if (committed !== fresh) {
    const a = committed.split('\n'), b = fresh.split('\n');
    const i = a.findIndex((l, k) => l !== b[k]);
    assert.unreachable(`docs/api/README.md is stale from line ${i + 1}: '${a[i]}' vs '${b[i]}'; run npm run docs:api`);
  }
});

test('every link of the reference\'s index leads to a heading of it', () => {
  const text = renderApi(entries);
  const anchors = new Set(anchorsOf(text));
  const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
  assert.is(new Set(links).size, entries.length, 'one distinct anchor per export');
  for (const a of links) assert.ok(anchors.has(a), `#${a}`);
});

test('the generator is deterministic and documents members with their signatures', () => {
  assert.is(renderApi(collectApi()), renderApi(entries));
  const object = entries.find((e) => e.name === 'BpfObject');
  assert.ok(object.members.some((m) => m.signature === 'static open(file: string | Uint8Array, opts?: OpenOptions): BpfObject'),
    object.members.map((m) => m.signature).join('\n'));
  const error = entries.find((e) => e.name === 'LibbpfError');
  for (const field of ['errno', 'code', 'op', 'log', 'program', 'verifierLog', 'path', 'hint', 'syscall']) {
    assert.ok(error.members.some((m) => m.name === field && m.doc), `LibbpfError.${field} documented`);
  }
});

test.run();
