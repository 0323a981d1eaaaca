// src/kernel-structs.ts declares the OBJ_GET_INFO_BY_FD structs once; every offset, field
// size and struct size must be the vendored bpf.h's (offsetof/sizeof from cc), and every
// field of those structs in that header must be declared.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_INFO_LAYOUTS } from '../dist/kernel-structs.js';
import { headerLayout, uapiDir } from './helpers/attr.mjs';

const SIZES = { u32: 4, u64: 8, name: 16, bytes8: 8 };
// A bitfield has no offsetof: declared as the u32 after `ifindex`, checked below.
const BITFIELDS = new Set(['bpf_prog_info.gplCompatible']);

const fields = ALL_INFO_LAYOUTS.flatMap((l) => Object.entries(l.fields)
  .filter(([js]) => !BITFIELDS.has(`${l.struct}.${js}`))
  .map(([js, [c, offset, kind]]) => ({ struct: l.struct, field: c, js, offset, kind })));
const h = headerLayout({ fields, structs: ALL_INFO_LAYOUTS.map((l) => l.struct) });

test('every declared offset and size is the header\'s', () => {
  for (const f of fields) {
    const got = h.fields.get(`${f.struct}.${f.field}`);
    assert.ok(got, `${f.struct}.${f.field}`);
    assert.is(f.offset, got.offset, `${f.struct}.${f.field} offset`);
    assert.is(SIZES[f.kind], got.size, `${f.struct}.${f.field} size`);
  }
  for (const l of ALL_INFO_LAYOUTS) assert.is(l.size, h.sizes[l.struct], `sizeof ${l.struct}`);
});

test('gpl_compatible is the first bit of the u32 after ifindex in bpf_prog_info', () => {
  const l = ALL_INFO_LAYOUTS.find((x) => x.struct === 'bpf_prog_info');
  assert.is(l.fields.gplCompatible[1], h.fields.get('bpf_prog_info.ifindex').offset + 4);
  const src = readFileSync(join(uapiDir, 'linux', 'bpf.h'), 'utf8');
  assert.match(src, /__u32 ifindex;\s*__u32 gpl_compatible:1;/);
});

test('every field the header defines in these structs is declared', () => {
  const src = readFileSync(join(uapiDir, 'linux', 'bpf.h'), 'utf8');
  for (const l of ALL_INFO_LAYOUTS) {
    const body = src.match(new RegExp(`struct ${l.struct} \\{([\\s\\S]*?)\\n\\} __attribute__`))[1];
    // Top-level members only (the link union is checked by name below).
    const names = [...body.matchAll(/^\t(?:__u32|__u64|__aligned_u64|char|__u8)\s+(\w+)(?:\[\w+\])?(?::\d+)?;/gm)]
      .map((m) => m[1]);
    assert.ok(names.length >= 3, `${l.struct}: ${names.length} members parsed`);
    const declared = new Set(Object.values(l.fields).map(([c]) => c.split('.').pop()));
    declared.add('gpl_compatible');
    for (const n of names) assert.ok(declared.has(n), `${l.struct}.${n} is not declared in kernel-structs.ts`);
  }
});

test.run();
