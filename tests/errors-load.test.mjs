// Load failures that say what went wrong: the program the verifier refused and its log,
// the pin path not on a bpffs, the attribute a pinned map differs in; and verifier logs
// kept after a load with a log level set. Against the real kernel.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpfObject, LibbpfError, setLogger } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testObject } from './helpers/objects.mjs';
import { throwsErrno } from './helpers/errors.mjs';

if (!kernelTestsCanRun('errors-load.test.mjs')) process.exit(0);

const printed = [];
setLogger((level, msg) => printed.push([level, msg]));

/** Opens tests/bpf/build/<name>.bpf.o, runs fn(obj), always closes it. */
function withObject(name, opts, fn) {
  const obj = BpfObject.open(testObject(name), opts);
  try {
    return fn(obj);
  } finally {
    obj.close();
  }
}

function withBpffs(fn) {
  const fs = mountBpffs();
  try {
    return fn(fs.dir);
  } finally {
    fs.cleanup();
  }
}

const EACCES = 13, EINVAL = 22, EPERM = 1;

test('a verifier rejection names the program and ends with the verifier log libbpf printed', () => {
  printed.length = 0;
  const e = withObject('verifier_reject', {}, (obj) => {
    const err = throwsErrno(() => obj.load(), EACCES);
    assert.is(obj.program('bad_stack_read').verifierLog, err.verifierLog, 'the refused program keeps it too');
    return err;
  });
  assert.is(e.code, 'EACCES');
  assert.is(e.op, 'bpf_object__load');
  assert.is(e.syscall, 'bpf_object__load');
  assert.is(e.program, 'bad_stack_read');
  // The cause line, not libbpf's generic last line.
  assert.match(e.message.split('\n')[1], /^prog 'bad_stack_read': BPF program load failed: Permission denied$/);
  assert.not.match(e.message, /failed to load object/);
  // verifierLog is exactly the text libbpf printed between its BEGIN and END markers.
  const block = printed.map(([, m]) => m).find((m) => m.includes("prog 'bad_stack_read': -- BEGIN PROG LOAD LOG --"));
  assert.ok(block, 'libbpf printed the verifier log');
  const body = block.slice(block.indexOf('--\n') + 3, block.indexOf('-- END PROG LOAD LOG --'));
  assert.is(e.verifierLog, body);
  assert.match(e.verifierLog, /invalid read from stack R10 off=8 size=8/);
  // The message ends with the verifier's last lines.
  const last = e.verifierLog.trimEnd().split('\n').slice(-2).map((l) => `  ${l}`).join('\n');
  assert.ok(e.message.endsWith(last), e.message);
  assert.ok(e.log.some((l) => l.includes('failed to load object')), 'log keeps every warning');
});

/** The body of libbpf's "prog 'name': -- BEGIN PROG LOAD LOG --" print at `level`. */
function printedBlock(level, name) {
  const block = printed.find(([l, m]) => l === level && m.includes(`prog '${name}': -- BEGIN PROG LOAD LOG --`))?.[1];
  return block && block.slice(block.indexOf('--\n') + 3, block.indexOf('-- END PROG LOAD LOG --'));
}

test('with a log level set, a refused program\'s log is the one libbpf printed at that level', () => {
  printed.length = 0;
  const e = withObject('verifier_reject', { kernelLogLevel: 2 }, (obj) => {
    const err = throwsErrno(() => obj.load(), EACCES);
    assert.is(obj.program('bad_stack_read').verifierLog, err.verifierLog, 'prog.verifierLog after the failed load');
    return err;
  });
  assert.is(e.program, 'bad_stack_read');
  assert.is(e.verifierLog, printedBlock('warn', 'bad_stack_read'));
  assert.match(e.verifierLog, /invalid read from stack R10 off=8 size=8\nprocessed \d+ insns/);
});

test('prog.verifierLog after a successful load: per program (setLogLevel) and per object (kernelLogLevel)', () => {
  printed.length = 0;
  withObject('pin_none', {}, (obj) => {
    const [prog] = obj.programs;
    assert.is(prog.logLevel, 0);
    prog.setLogLevel(1);
    assert.is(prog.logLevel, 1);
    assert.is(prog.verifierLog, undefined, 'nothing before load');
    obj.load();
    assert.match(prog.verifierLog, /^processed \d+ insns \(limit \d+\)/m);
    // Exactly what libbpf printed (at debug level, after a success).
    assert.is(prog.verifierLog, printedBlock('debug', prog.name));
  });
  withObject('pin_none', { kernelLogLevel: 2 }, (obj) => {
    obj.load();
    const [prog] = obj.programs;
    assert.is(prog.logLevel, 2);
    // Level 2 logs every instruction's state: much more than the summary line.
    assert.ok(prog.verifierLog.split('\n').length > 5, prog.verifierLog);
    assert.match(prog.verifierLog, /processed \d+ insns/);
  });
  withObject('pin_none', {}, (obj) => {
    obj.load();
    assert.is(obj.programs[0].verifierLog, undefined, 'no level, no log');
  });
});

test('pin path not on a bpffs: path, and the mount command in the hint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errors-not-bpffs-'));
  try {
    const e = withObject('pin_by_name', { pinRootPath: dir }, (obj) => throwsErrno(() => obj.load(), EINVAL));
    assert.is(e.path, join(dir, 'pinned_hash'));
    assert.match(e.message.split('\n')[1], /is not on BPF FS$/);
    assert.ok(e.hint.includes(`mount -t bpf bpf ${dir}`), e.hint);
    assert.match(e.message, /\nhint: .*mount -t bpf bpf/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const [name, label, ours, theirs] of [
  ['pin_mismatch_key_size', 'key size', '8', '4'],
  ['pin_mismatch_value_size', 'value size', null, null],
  ['pin_mismatch_max_entries', 'max entries', null, null],
  ['pin_mismatch_flags', 'flags', '0x1', '0x0'],
  ['pin_mismatch_type', 'type', null, 'HASH (1)'],
]) {
  test(`a pinned map that cannot be reused: the hint names the ${label} that differs, with both values`, () => {
    withBpffs((dir) => {
      withObject('pin_by_name', { pinRootPath: dir }, (obj) => obj.load());
      const e = withObject(name, { pinRootPath: dir }, (obj) => throwsErrno(() => obj.load(), EINVAL));
      assert.is(e.path, join(dir, 'pinned_hash'));
      assert.match(e.message.split('\n')[1], /couldn't reuse pinned map at '.*': parameter mismatch/);
      assert.match(e.hint, new RegExp(`in ${label}: the object's [^,]+, the pinned map's [^;]+`));
      if (ours) assert.ok(e.hint.includes(`the object's ${ours}`), e.hint);
      if (theirs) assert.ok(e.hint.includes(`the pinned map's ${theirs}`), e.hint);
      assert.not.match(e.hint, /;.*;.*;/, 'only the attribute that differs');
    });
  });
}

test('EPERM on load: the program and the permission hint', () => {
  // fentry loads are refused with EPERM on this kernel (see COMMON facts); where they load,
  // the check has nothing to say.
  let e;
  withObject('fentry', {}, (obj) => {
    try {
      obj.load();
    } catch (err) {
      e = err;
    }
  });
  if (!e || e.errno !== EPERM) return;
  assert.instance(e, LibbpfError);
  assert.is(e.program, 'p_fentry');
  assert.match(e.hint, /CAP_BPF|memlock|ulimit -l/);
});

test('an attach failure carries its hint as error.hint too', () => {
  withObject('attach_progs', {}, (obj) => {
    for (const p of obj.programs) p.setAutoload(p.sectionName.startsWith('raw_tp/'));
    obj.load();
    const prog = obj.programs.find((p) => p.sectionName.startsWith('raw_tp/'));
    const e = throwsErrno(() => prog.attachRawTracepoint('no_such_tracepoint_here'), 2);
    assert.match(e.hint, /no raw tracepoint no_such_tracepoint_here/);
    assert.ok(e.message.endsWith(`\nhint: ${e.hint}`), e.message);
    assert.match(e.message.split('\n')[1], /failed to attach to raw tracepoint 'no_such_tracepoint_here'/);
  });
});

test('open of a missing file: path set, ENOENT', () => {
  const e = throwsErrno(() => BpfObject.open('/nonexistent/x.bpf.o'), 2);
  assert.is(e.path, '/nonexistent/x.bpf.o');
  assert.is(e.code, 'ENOENT');
});

runWithFdCheck(test);
