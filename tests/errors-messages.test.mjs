// LibbpfError's message and fields without a kernel: which warning names the cause, how
// hints and verifier-log tails read, and argument mistakes as TypeError / RangeError
// (a string where a number belongs is a TypeError) across a sample of public methods.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as pkg from '../dist/index.js';
import { BpfObject, MapHandle, ProgramHandle, BtfHandle, LinkHandle, LibbpfError, setLogger } from '../dist/index.js';
import { causeLine } from '../dist/error-cause.js';
import { failedProgram, printedVerifierLog, verifierTail } from '../dist/verifier-log.js';
import { reuseMismatchHint, notOnBpffs, permissionHint, notSupportedHint } from '../dist/error-hints.js';
import { annotate } from '../dist/errors.js';
import { testObject } from './helpers/objects.mjs';

setLogger(() => {});

test('causeLine: the first warning that is neither a relay nor a note', () => {
  assert.is(causeLine([
    'libbpf: elf: skipping unrecognized data section(7) .comment\n',
    "libbpf: couldn't reuse pinned map at '/x/m': parameter mismatch\n",
    "libbpf: map 'm': error reusing pinned map\n",
    "libbpf: map 'm': failed to create: Invalid argument(-22)\n",
    "libbpf: failed to load object 'o'\n",
  ]), "couldn't reuse pinned map at '/x/m': parameter mismatch");
  assert.is(causeLine([
    "libbpf: prog 'p': BPF program load failed: Permission denied",
    "libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n0: (79) r0 = *(u64 *)(r10 +8)\n-- END PROG LOAD LOG --",
    "libbpf: prog 'p': failed to load: -13",
    "libbpf: failed to load object 'o'",
  ]), "prog 'p': BPF program load failed: Permission denied");
  // Only relays: the most specific of them (the first), never nothing.
  assert.is(causeLine(["libbpf: map 'm': failed to create: Invalid argument(-22)", "libbpf: failed to load object 'o'"]),
    "map 'm': failed to create: Invalid argument(-22)");
  assert.is(causeLine([]), undefined);
});

test('failedProgram and printedVerifierLog read libbpf\'s lines exactly', () => {
  const log = [
    "libbpf: prog 'a b': BPF program load failed: Invalid argument",
    "libbpf: prog 'a b': -- BEGIN PROG LOAD LOG --\nline 1\nline 2\n-- END PROG LOAD LOG --",
  ];
  assert.is(failedProgram(log), 'a b');
  assert.is(printedVerifierLog(log, 'a b'), 'line 1\nline 2\n');
  assert.is(printedVerifierLog(log, 'other'), undefined);
  assert.is(failedProgram(["libbpf: failed to load object 'o'"]), undefined);
});

test('verifierTail: the last six non-empty lines, counted', () => {
  const text = Array.from({ length: 10 }, (_, i) => `l${i}`).join('\n') + '\n';
  const tail = verifierTail('p', text);
  assert.is(tail.split('\n')[0], "verifier log of 'p' (last 6 of 10 lines):");
  assert.equal(tail.split('\n').slice(1), ['  l4', '  l5', '  l6', '  l7', '  l8', '  l9']);
  assert.is(verifierTail('p', 'one\n'), "verifier log of 'p' (1 lines):\n  one");
});

test('hints: reuse mismatch lists each differing attribute with both values', () => {
  const base = { type: 1, keySize: 4, valueSize: 8, maxEntries: 16, mapFlags: 0, mapExtra: 0n };
  const hint = reuseMismatchHint('m', '/b/m', { ...base, maxEntries: 32, mapFlags: 1 }, base, (t) => `T${t}`);
  assert.match(hint, /max entries: the object's 32, the pinned map's 16; flags: the object's 0x1, the pinned map's 0x0/);
  assert.not.match(hint, /key size|value size|type:/);
  assert.match(reuseMismatchHint('m', '/b/m', { ...base, type: 2 }, base, (t) => `T${t}`), /type: the object's T2, the pinned map's T1/);
});

test('hints: bpffs, EPERM and ENOTSUPP', () => {
  const b = notOnBpffs(['libbpf: specified path /nonexistent-dir/m is not on BPF FS']);
  assert.is(b.path, '/nonexistent-dir/m');
  assert.match(b.hint, /mount -t bpf bpf <empty dir>/, 'a directory not known to be empty is not named as the mount point');
  assert.is(notOnBpffs(['libbpf: something else']), undefined);
  assert.match(permissionHint(1), /memlock|CAP_BPF/);
  assert.is(permissionHint(13), undefined);
  assert.match(notSupportedHint(524, "program 'p' of SEC(\"fentry/x\")"), /does not support program 'p' of SEC\("fentry\/x"\)/);
  assert.is(notSupportedHint(95, 'x'), undefined);
});

test('annotate keeps errno, code, op, log and cause; adds fields; message ends with the tail', () => {
  const cause = new Error('inner');
  const e = new LibbpfError('op_x', 22, 'EINVAL', 'op_x: Invalid argument [EINVAL, -22]', { log: ['a'], cause });
  const a = annotate(e, { program: 'p', verifierLog: 'v\n', hint: 'do this', tail: 'last lines', path: '/p' });
  assert.instance(a, LibbpfError);
  assert.equal([a.errno, a.code, a.op, a.syscall, a.log, a.cause], [22, 'EINVAL', 'op_x', 'op_x', ['a'], cause]);
  assert.equal([a.program, a.verifierLog, a.hint, a.path], ['p', 'v\n', 'do this', '/p']);
  assert.is(a.message, 'op_x: Invalid argument [EINVAL, -22]\nhint: do this\nlast lines');
  assert.not.ok('program' in e && e.program !== undefined);
});

test('an open that fails keeps libbpf\'s warnings of that call: log, and the cause line', () => {
  const file = `${testObject('pin_none').replace(/pin_none\.bpf\.o$/, '')}malformed/bad_reloc_symbol.bpf.o`;
  let e;
  try {
    BpfObject.open(file);
  } catch (err) {
    e = err;
  }
  assert.instance(e, LibbpfError);
  assert.is(e.code, 'LIBBPF_ERRNO__FORMAT');
  assert.is(e.path, file);
  assert.ok(e.log.some((l) => /symbol #65535 not found for relo #0/.test(l)), JSON.stringify(e.log));
  assert.is(e.message.split('\n')[1], "sec '.relsocket': symbol #65535 not found for relo #0");
});

test('a string where a number belongs is a TypeError, a number out of range a RangeError', () => {
  const bytes = new Uint8Array(readFileSync(testObject('pin_none')));
  const cases = [
    ['MapHandle.fromId', () => MapHandle.fromId('1'), TypeError],
    ['ProgramHandle.fromId', () => ProgramHandle.fromId('1'), TypeError],
    ['BtfHandle.fromId', () => BtfHandle.fromId('1'), TypeError],
    ['LinkHandle.fromId', () => LinkHandle.fromId('1'), TypeError],
    ['MapHandle.fromId(-1)', () => MapHandle.fromId(-1), RangeError],
    ['MapHandle.fromFd', () => MapHandle.fromFd('3'), TypeError],
    ['MapHandle.fromPinned(3)', () => MapHandle.fromPinned(3), TypeError],
    ['open kernelLogLevel', () => BpfObject.open(bytes, { kernelLogLevel: '1' }), TypeError],
    ['open kernelLogLevel -1', () => BpfObject.open(bytes, { kernelLogLevel: -1 }), RangeError],
    ['open pinRootPath', () => BpfObject.open(bytes, { pinRootPath: 1 }), TypeError],
    ['open unknown option', () => BpfObject.open(bytes, { logLevl: 1 }), TypeError],
    ['open(42)', () => BpfObject.open(42), TypeError],
    ['xdpAttach', () => pkg.xdpAttach('1', 3), TypeError],
    ['xdpQuery', () => pkg.xdpQuery('1'), TypeError],
    ['TcHook', () => new pkg.TcHook({ ifindex: '1', attachPoint: 'ingress' }), TypeError],
    ['progQuery', () => pkg.progQuery(5, '1'), TypeError],
    ['progAttach', () => pkg.progAttach(5, '3', 1), TypeError],
    ['KernelBtf.fromId', () => pkg.KernelBtf.fromId('1'), TypeError],
    ['PerfBuffer pageCount', () => new pkg.PerfBuffer({ fd: 1, type: 4, maxEntries: 1 }, { pageCount: '8' }), TypeError],
    ['setLogger', () => pkg.setLogger(5), TypeError],
    ['BtfHandle.fromId(1.5)', () => BtfHandle.fromId(1.5), RangeError],
  ];
  const obj = BpfObject.open(bytes);
  try {
    const [prog] = obj.programs;
    const [map] = obj.maps;
    cases.push(
      ['prog.setLogLevel', () => prog.setLogLevel('1'), TypeError],
      ['prog.setLogLevel(1.5)', () => prog.setLogLevel(1.5), RangeError],
      ['prog.setAutoload', () => prog.setAutoload(1), TypeError],
      ['prog.setAttachTarget', () => prog.setAttachTarget('0', 'f'), TypeError],
      ['prog.attachKprobe offset', () => prog.attachKprobe('f', { offset: '8' }), TypeError],
      ['prog.attachUprobe pid', () => prog.attachUprobe({ binaryPath: '/bin/true', pid: '1' }), TypeError],
      ['prog.pin(1)', () => prog.pin(1), TypeError],
      ['map.setMaxEntries', () => map.setMaxEntries('4'), TypeError],
      ['map.reuseFd', () => map.reuseFd('3'), TypeError],
      ['map.lookup key', () => map.lookup('k'), TypeError],
      ['map.lookup flags', () => map.lookup(new Uint8Array(map.keySize), '1'), TypeError],
      ['map.update flags', () => map.update(new Uint8Array(map.keySize), new Uint8Array(map.valueSize), '1'), TypeError],
      ['map.setPinPath', () => map.setPinPath(7), TypeError],
      ['obj.map', () => obj.map(1), TypeError],
      ['obj.program', () => obj.program(1), TypeError],
    );
    for (const [what, fn, kind] of cases) {
      try {
        fn();
      } catch (e) {
        assert.instance(e, kind, `${what}: ${e?.constructor?.name}: ${e?.message}`);
        assert.ok(e.message.length > 10, `${what}: a message that says what is wrong`);
        continue;
      }
      assert.unreachable(`${what}: no error`);
    }
  } finally {
    obj.close();
  }
});

test.run();
