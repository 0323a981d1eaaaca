// `prog`, `link` and `btf` commands against the kernel, checked against bpftool on the
// same objects: `prog list -j` field by field, `prog run` the same return value, `link`
// records, `btf dump <id>` raw and C text identical; load --attach pins links, unpin
// removes them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { BpfObject } from '../dist/index.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { repoRoot, testObject } from './helpers/objects.mjs';
import { bigSafeJson, bpftoolJson } from './helpers/bpftool.mjs';

const cli = (...args) => spawnSync(process.execPath, [`${repoRoot}dist/cli.js`, ...args], { encoding: 'utf8' });
const cliJson = (...args) => {
  const r = cli(...args, '-j');
  assert.is(r.status, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return bigSafeJson(r.stdout);
};

if (kernelTestsCanRun('cli-prog-link.test.mjs')) {
  test('prog list -j: bpftool\'s fields for the programs we loaded, value for value', () => {
    const fs = mountBpffs();
    try {
      const obj = testObject('progs_sections');
      const loaded = cliJson('load', obj, '--pin-progs', fs.dir);
      assert.ok(loaded.programs.length >= 5, JSON.stringify(loaded.programs));
      const ours = new Map(cliJson('prog', 'list').map((p) => [p.id, p]));
      const theirs = new Map(bpftoolJson(['prog', 'list']).map((p) => [p.id, p]));
      let fields = 0;
      for (const { id, name, pinned } of loaded.programs) {
        const a = ours.get(id);
        const b = theirs.get(id);
        assert.ok(a && b, `prog ${name} (${id}) listed by both`);
        for (const k of Object.keys(a)) {
          assert.ok(k in b, `prog ${name}: bpftool has no '${k}'`);
          // loaded_at: both compute it from boot time and the clock, each at its own moment.
          if (k === 'loaded_at') assert.ok(Math.abs(a[k] - b[k]) <= 2, `${name}: loaded_at ${a[k]} vs ${b[k]}`);
          else assert.equal(a[k], b[k], `prog ${name}: ${k}`);
          fields++;
        }
        assert.equal(Object.keys(b).filter((k) => !(k in a) && k !== 'pids'), [], `prog ${name}: bpftool fields we lack`);
        const shown = cliJson('prog', 'show', pinned);
        assert.equal({ ...shown, loaded_at: 0 }, { ...a, loaded_at: 0 });
        assert.match(cli('prog', 'show', String(id)).stdout, new RegExp(`^${id}: ${a.type}  name ${name}  tag ${a.tag}`));
      }
      assert.ok(fields >= loaded.programs.length * 10, `${fields} fields compared`);
      assert.is(cliJson('unpin', obj, '--pin-progs', fs.dir).filter((p) => p.removed).length, loaded.programs.length);
      assert.equal(pinsUnder(fs.dir), []);
    } finally {
      fs.cleanup();
    }
  });

  test('prog run: BPF_PROG_TEST_RUN on a file\'s bytes, the return value bpftool\'s prog run gets', () => {
    const fs = mountBpffs();
    const tmp = mkdtempSync(join(tmpdir(), 'lbw-cli-'));
    try {
      const loaded = cliJson('load', testObject('pin_by_name'), '--pin-root', fs.dir, '--pin-progs', `${fs.dir}`);
      const prog = `${fs.dir}/${loaded.programs[0].name}`;
      const data = join(tmp, 'packet');
      writeFileSync(data, Buffer.alloc(64, 0xab));
      const ours = cliJson('prog', 'run', prog, '--data', data, '--repeat', '3');
      const theirs = bpftoolJson(['prog', 'run', 'pinned', prog, 'data_in', data, 'repeat', '3']);
      assert.is(ours.retval, theirs.retval);
      assert.type(ours.duration, 'number');
      const text = cli('prog', 'run', prog, '--data', data, '--data-out', join(tmp, 'out'));
      assert.match(text.stdout, new RegExp(`^Return value: ${theirs.retval}, duration: \\d+ns`));
      const r = cli('prog', 'run', loaded.maps[0].pinned);
      assert.is(r.status, 1, 'a map pin is not a program');
      assert.match(r.stderr, /the fd is a bpf-map, not a bpf-prog/);
      cliJson('unpin', testObject('pin_by_name'), '--pin-root', fs.dir, '--pin-progs', fs.dir);
      assert.equal(pinsUnder(fs.dir), []);
    } finally {
      fs.cleanup();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('load --attach pins each link; link list/show agree with bpftool; unpin removes programs and links', () => {
    const fs = mountBpffs();
    try {
      const obj = testObject('core_reloc');
      const progs = `${fs.dir}/progs`;
      mkdirSync(progs);
      const r = cli('load', obj, '--pin-progs', progs, '--attach');
      assert.is(r.status, 0, r.stderr);
      assert.match(r.stdout, /prog read_pid \(raw_tracepoint\): loaded, id \d+, pinned at .*; attached: link id \d+, pinned at .*read_pid_link/);
      const pinned = `${progs}/read_pid_link`;
      const link = cliJson('link', 'show', pinned);
      assert.equal(link, bpftoolJson(['link', 'show', 'pinned', pinned]));
      assert.is(link.type, 'raw_tracepoint');
      assert.is(link.tp_name, 'sys_enter');
      const listed = cliJson('link', 'list').find((l) => l.id === link.id);
      assert.equal(listed, bpftoolJson(['link', 'list']).find((l) => l.id === link.id));
      assert.equal(cliJson('link', 'show', String(link.id)), link);
      assert.match(cli('link', 'show', pinned).stdout, new RegExp(`^${link.id}: raw_tracepoint  prog ${link.prog_id}\n\ttp_name sys_enter`));
      // A raw tracepoint link cannot be detached (the kernel's EOPNOTSUPP): exit 1, the reason.
      const d = cli('link', 'detach', pinned);
      assert.is(d.status, 1);
      assert.match(d.stderr, /bpf_link_detach .*EOPNOTSUPP/);
      const gone = cliJson('unpin', obj, '--pin-progs', progs);
      assert.equal(gone.map((p) => [p.kind, p.removed]), [['link', true], ['prog', true]]);
      assert.equal(pinsUnder(fs.dir), ['progs']);
    } finally {
      fs.cleanup();
    }
  });

  test('link detach: an sk_lookup link on a namespace the test makes is detached; link show agrees with bpftool', () => {
    const fs = mountBpffs();
    const ns = `lbw-cli-${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    const obj = BpfObject.open(testObject('attach_progs'), { logger: () => {} });
    try {
      obj.load();
      const link = obj.program('sk_lookup_pass').attachNetns(`/run/netns/${ns}`);
      link.pin(`${fs.dir}/sk_link`);
      link.destroy(); // the pin keeps it attached
      const before = cliJson('link', 'show', `${fs.dir}/sk_link`);
      assert.equal(before, bpftoolJson(['link', 'show', 'pinned', `${fs.dir}/sk_link`]));
      assert.equal([before.type, before.attach_type, before.netns_ino], ['netns', 'sk_lookup', statSync(`/run/netns/${ns}`).ino]);
      const r = cli('link', 'detach', `${fs.dir}/sk_link`);
      assert.is(r.status, 0, r.stderr);
      assert.is(r.stdout, `detached: link ${before.id}\n`);
      const after = cliJson('link', 'show', String(before.id));
      assert.is(after.netns_ino, 0, 'the kernel reports no namespace any more');
      assert.equal(after, bpftoolJson(['link', 'show', 'id', String(before.id)]));
      rmSync(`${fs.dir}/sk_link`);
    } finally {
      obj.close();
      execFileSync('ip', ['netns', 'del', ns]);
      fs.cleanup();
    }
  });

  test('btf dump <id>: raw and C text as bpftool prints them for the same kernel BTF; btf list', () => {
    const fs = mountBpffs();
    try {
      const loaded = cliJson('load', testObject('typed_values'), '--pin-progs', fs.dir);
      const btfId = cliJson('prog', 'show', `${fs.dir}/${loaded.programs[0].name}`).btf_id;
      assert.ok(btfId > 0);
      for (const format of ['raw', 'c']) {
        const ours = cli('btf', 'dump', String(btfId), '--format', format);
        assert.is(ours.status, 0, ours.stderr);
        assert.ok(ours.stdout === execFileSync('bpftool', ['btf', 'dump', 'id', String(btfId), 'format', format], { encoding: 'utf8' }),
          `format ${format}`);
      }
      const raw = cliJson('btf', 'dump', 'id', String(btfId)).types;
      assert.equal(raw.filter((t) => t.kind !== 'ENUM'), bpftoolJson(['btf', 'dump', 'id', String(btfId)]).types.filter((t) => t.kind !== 'ENUM'));
      const listed = cliJson('btf', 'list').find((b) => b.id === btfId);
      const theirs = bpftoolJson(['btf', 'show', 'id', String(btfId)]);
      for (const k of Object.keys(listed)) assert.equal(listed[k], theirs[k], `btf ${btfId}: ${k}`);
      cliJson('unpin', testObject('typed_values'), '--pin-progs', fs.dir);
      const r = cli('btf', 'dump', '4294967295');
      assert.is(r.status, 1);
      assert.match(r.stderr, /btf__load_from_kernel_by_id/);
    } finally {
      fs.cleanup();
    }
  });
}

runWithFdCheck(test);
