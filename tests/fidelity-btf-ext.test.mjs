// .BTF.ext info sections whose length wraps a 32-bit pointer sum (found by the hostile fuzz):
// native libbpf rejects the section ("not inside .BTF.ext", ignored or -EINVAL); the module
// must too, also when its heap holds what earlier objects left there (a pooled instance),
// where the unpatched check let libbpf walk past the section and trap
// (vendor/libbpf/patches/0006-btf-ext-bounds-64-bit.patch).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpfObject, setLogger } from '../dist/index.js';
import { sections } from '../reliability/hostile/elf-fields.mjs';
import { repoRoot } from './helpers/objects.mjs';

setLogger(() => {});
const build = `${repoRoot}tests/bpf/build`;
const FUNC_INFO_LEN = 12;
const CORE_RELO_LEN = 28;
const cases = [['progs_more', FUNC_INFO_LEN, 0xfffffff8], ['core_reloc', FUNC_INFO_LEN, 0xfffffff8],
  ['pin_invalid', CORE_RELO_LEN, 0xffffffff]];

function mutant(name, field, value) {
  const buf = Buffer.from(readFileSync(`${build}/${name}.bpf.o`));
  buf.writeUInt32LE(value, sections(buf).find((s) => s.name === '.BTF.ext').off + field);
  return buf;
}

const openResult = (bytes) => {
  try {
    BpfObject.open(new Uint8Array(bytes)).close();
    return 0;
  } catch (e) {
    return e.code === 'EWASMTRAP' ? 'trap' : -e.errno;
  }
};

test('open agrees with native libbpf, with a heap as earlier objects left it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbw-btf-ext-'));
  try {
    for (const [name, field, value] of cases) {
      const bytes = mutant(name, field, value);
      writeFileSync(join(dir, `${name}.o`), bytes);
      const record = JSON.parse(execFileSync(process.execPath, [`${repoRoot}dist/cli.js`, 'diff', join(dir, `${name}.o`),
        '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).toString());
      const native = record.native.steps[0].ret;
      for (let round = 0; round < 3; round++) {
        for (const f of readdirSync(build).filter((x) => x.endsWith('.bpf.o'))) openResult(readFileSync(`${build}/${f}`));
        assert.is(openResult(bytes), native, `${name}: .BTF.ext field at ${field} = 0x${value.toString(16)}, round ${round}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test.run();
