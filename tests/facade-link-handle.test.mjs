// LinkHandle against real links, made here through the host addon directly (the facade's
// attach API is another issue's): a raw tracepoint link and, where cgroup2 is mounted, a
// cgroup link. Their info() per-type fields, ids(), fromId() and what happens once gone.
import { mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LinkHandle, ProgramHandle, AttachType } from '../dist/index.js';
import { exit, movR0, prog } from './helpers/bpf-progs.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { ModuleMemory, host } from './helpers/host.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { throwsErrno } from './helpers/errors.mjs';

const BPF_LINK_TYPE_RAW_TRACEPOINT = 1;
const BPF_LINK_TYPE_CGROUP = 3;
const O_RDONLY = 0;
const O_DIRECTORY = 0o200000;
const AT_FDCWD = -100;

function load(m, type, extra = {}) {
  const insns = prog(movR0(type === 'BPF_PROG_TYPE_CGROUP_SKB' ? 1 : 0), exit());
  const { r } = m.bpf('BPF_PROG_LOAD', {
    prog_type: m.L.c[type], insns: m.bytes(insns), insn_cnt: insns.length / 8, license: m.cstr('GPL'), ...extra,
  });
  assert.ok(r >= 0, `load ${type}: ${r}`);
  return r;
}

function progId(fd) {
  const p = ProgramHandle.fromFd(fd);
  try {
    return p.id;
  } finally {
    p.close();
  }
}

const cgroup2Root = () => readFileSync('/proc/mounts', 'utf8').split('\n')
  .map((l) => l.split(' ')).find((f) => f[2] === 'cgroup2')?.[1];

if (kernelTestsCanRun('facade-link-handle.test.mjs')) {
  test('a raw tracepoint link: type, prog id, tp_name; ids(); ENOENT once closed', () => {
    const m = new ModuleMemory();
    const p = load(m, 'BPF_PROG_TYPE_RAW_TRACEPOINT');
    const { r: link } = m.bpf('BPF_RAW_TRACEPOINT_OPEN', { 'raw_tracepoint.name': m.cstr('sys_enter'), 'raw_tracepoint.prog_fd': p });
    assert.ok(link >= 0, `raw tp ${link}`);
    let id;
    try {
      const ids = LinkHandle.ids();
      assert.ok(ids.length > 0);
      const infos = ids.map((i) => {
        const h = LinkHandle.fromId(i);
        try { return h.info(); } finally { h.close(); }
      });
      const mine = infos.find((i) => i.type === BPF_LINK_TYPE_RAW_TRACEPOINT && i.progId === progId(p));
      assert.ok(mine, JSON.stringify(infos, (k, v) => (typeof v === 'bigint' ? String(v) : v)));
      assert.equal(mine.detail, { tpName: 'sys_enter' });
      id = mine.id;
      const h = LinkHandle.fromId(id);
      h.close();
      throwsErrno(() => h.info(), 9);
    } finally {
      host.close(link);
      host.close(p);
    }
    throwsErrno(() => LinkHandle.fromId(id), 2);
  });

  const root = cgroup2Root();
  test(`a cgroup link: cgroup id and attach type${root ? '' : ' (skipped: no cgroup2 mount)'}`, () => {
    if (!root) return;
    const m = new ModuleMemory();
    const dir = join(root, `libbpf-wasm-link-${process.pid}`);
    mkdirSync(dir);
    const cg = host.openat(m.buf, AT_FDCWD, m.cstr(dir), O_RDONLY | O_DIRECTORY, 0);
    const egress = AttachType.CGROUP_INET_EGRESS;
    const p = load(m, 'BPF_PROG_TYPE_CGROUP_SKB', { expected_attach_type: egress });
    const { r: link } = m.bpf('BPF_LINK_CREATE', {
      'link_create.prog_fd': p, 'link_create.target_fd': cg, 'link_create.attach_type': egress,
    });
    try {
      assert.ok(link >= 0, `link_create ${link}`);
      const mine = LinkHandle.ids().map((i) => {
        const h = LinkHandle.fromId(i);
        try { return h.info(); } finally { h.close(); }
      }).find((i) => i.type === BPF_LINK_TYPE_CGROUP && i.progId === progId(p));
      assert.ok(mine);
      assert.is(mine.detail.cgroupAttachType, egress);
      assert.ok(mine.detail.cgroupId > 0n);
    } finally {
      if (link >= 0) host.close(link);
      host.close(p);
      host.close(cg);
      rmdirSync(dir);
    }
  });
}

runWithFdCheck(test);
