// The build: the module holds upstream libbpf 1.1.2, and a tampered source tarball stops it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libbpfVersion } from '../dist/index.js';
import { runWithFdCheck } from './helpers/fds.mjs';
import { repoRoot } from './helpers/objects.mjs';

test('libbpf_version_string() inside the module is libbpf 1.1\'s', () => {
  assert.is(libbpfVersion(), 'v1.1');
});

test('the module imports only what the host ABI serves', () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'libbpf-wasm/gen/check-imports.mjs'),
    join(repoRoot, 'libbpf-wasm/dist/libbpf.wasm')], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(
    readFileSync(join(repoRoot, 'libbpf-wasm/dist/libbpf.wasm'))));
  assert.ok(imports.some((i) => i.module === 'bpfhost' && i.name === 'bpf'));
});

test('a tampered source tarball stops the build, naming the file and both hashes', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'libbpf-wasm-tamper-'));
  try {
    const vendor = join(tmp, 'vendor');
    const cache = join(tmp, 'sources');
    mkdirSync(join(vendor, 'zlib'), { recursive: true });
    cpSync(join(repoRoot, 'vendor/zlib/pin'), join(vendor, 'zlib/pin'));
    cpSync(join(repoRoot, 'build/sources/zlib'), join(cache, 'zlib'), { recursive: true });
    const pin = readFileSync(join(vendor, 'zlib/pin'), 'utf8');
    const [, want, file] = pin.match(/^sha256 (\w+) (\S+\.orig\.tar\.\w+)$/m);
    const tarball = join(cache, 'zlib', file);
    const bytes = readFileSync(tarball);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(tarball, bytes);
    const r = spawnSync('bash', [join(repoRoot, 'scripts/fetch-sources.sh'), 'zlib'], {
      encoding: 'utf8', env: { ...process.env, LIBBPF_WASM_SOURCES: cache, LIBBPF_WASM_VENDOR: vendor },
    });
    assert.is.not(r.status, 0);
    assert.match(r.stderr, `sha256 mismatch for ${tarball}`);
    assert.match(r.stderr, `pinned ${want}`);
    assert.match(r.stderr, /found [0-9a-f]{64}/);
    assert.equal(readdirSync(join(vendor, 'zlib')), ['pin'], 'nothing was unpacked');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

runWithFdCheck(test);
