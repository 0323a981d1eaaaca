// errno inside the module: the one Linux <-> libc mapping, both ways for every value, and
// glibc's strerror texts for libbpf's messages. Checked against the headers of record and
// the machine's glibc, independently of the generator that wrote the table.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleInstance } from '../dist/module/instance.js';
import { runWithFdCheck } from './helpers/fds.mjs';

const inst = new ModuleInstance();
// Test-only: the raw exports, taken through the owner once (these calls have no side effects).
const ex = inst.invoke("errno test", (e) => e);

function linuxErrnos() {
  const text = ['errno-base.h', 'errno.h'].map((f) => readFileSync(`/usr/include/asm-generic/${f}`, 'utf8')).join('\n');
  return [...text.matchAll(/^#define\s+(E[A-Z0-9]+)\s+(\d+)/gm)].map((m) => ({ name: m[1], value: Number(m[2]) }));
}

function emscriptenErrnos() {
  const cache = execFileSync('em-config', ['CACHE'], { encoding: 'utf8' }).trim();
  const probe = mkdtempSync(join(tmpdir(), 'lbw-errno-'));
  try {
    const names = linuxErrnos().map((e) => e.name);
    writeFileSync(join(probe, 'p.c'), `#include <errno.h>\n${names.map((n) => `int v_${n} = ${n};`).join('\n')}\n`);
    // The compiler resolves emscripten's macros; the values are read back from the IR.
    const ir = execFileSync('emcc', ['-S', '-emit-llvm', '-o', '-', join(probe, 'p.c')], { encoding: 'utf8' });
    return new Map([...ir.matchAll(/@v_(E[A-Z0-9]+) = .*? i32 (\d+)/g)].map((m) => [m[1], Number(m[2])]));
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

test('every Linux errno maps to emscripten libc\'s number for the same name, and back', () => {
  const module = emscriptenErrnos();
  const linux = linuxErrnos();
  assert.ok(linux.length >= 130);
  for (const { name, value } of linux) {
    const m = module.get(name);
    assert.ok(m !== undefined, `emscripten has ${name}`);
    assert.is(ex.lbw_errno_to_module(value), m, `${name}: Linux ${value} -> libc ${m}`);
    assert.is(ex.lbw_errno_to_linux(m), value, `${name}: libc ${m} -> Linux ${value}`);
    assert.is(inst.readCString(ex.lbw_errno_name(value)), name);
  }
  assert.is(ex.lbw_errno_to_module(22), 28, 'EINVAL is 28 in libc');
});

test('libbpf\'s own codes pass through unchanged and have names', () => {
  for (let code = 4000; code <= 4013; code++) {
    assert.is(ex.lbw_errno_to_linux(code), code);
    assert.is(ex.lbw_errno_to_module(code), code);
  }
  assert.is(inst.readCString(ex.lbw_errno_name(4001)), 'LIBBPF_ERRNO__FORMAT');
});

test('strerror texts and return values are glibc\'s (XSI strerror_r) for 0..140', () => {
  const probe = mkdtempSync(join(tmpdir(), 'lbw-strerror-'));
  let glibc;
  try {
    writeFileSync(join(probe, 's.c'), `#include <stdio.h>
#include <string.h>
int __xpg_strerror_r(int, char *, size_t);
int main(void) { char b[128]; for (int i = 0; i <= 140; i++) { int r = __xpg_strerror_r(i, b, sizeof b); printf("%d|%s\\n", r, b); } char s[8]; int r = __xpg_strerror_r(2, s, sizeof s); printf("%d|%s\\n", r, s); return 0; }\n`);
    execFileSync('cc', ['-o', join(probe, 's'), join(probe, 's.c')]);
    glibc = execFileSync(join(probe, 's'), { encoding: 'utf8' }).trim().split('\n');
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
  const buf = inst.scratch(128);
  const sizes = [...Array(141).fill(128), 8];
  sizes.forEach((size, i) => {
    const n = i <= 140 ? i : 2;
    const r = ex.lbw_strerror_r(n, buf, size);
    assert.is(`${r}|${inst.readCString(buf)}`, glibc[i], `errno ${n}, buffer ${size}`);
  });
});

test('libbpf_strerror in the module reads like native libbpf', () => {
  const buf = inst.scratch(128);
  ex.libbpf_strerror(-22, buf, 128);
  assert.is(inst.readCString(buf), 'Invalid argument');
  ex.libbpf_strerror(-4001, buf, 128);
  assert.is(inst.readCString(buf), 'BPF object format invalid');
});

test.after(() => inst.discard());
runWithFdCheck(test);
