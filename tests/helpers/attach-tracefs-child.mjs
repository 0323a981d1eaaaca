// Runs in a private mount namespace (tests/attach-kernel.test.mjs starts it with
// runInPrivateNetns(..., { mount: true })): mounts tracefs at /sys/kernel/tracing there only,
// attaches the execve tracepoint (explicitly and by SEC()), execs a process, and prints
// JSON observations.
import { execFileSync, spawnSync } from 'node:child_process';
import { BpfObject } from '../../dist/index.js';
import { testObject } from './objects.mjs';

const out = {};
const tracing = '/sys/kernel/tracing';
if (spawnSync('mountpoint', ['-q', tracing]).status !== 0) {
  execFileSync('mount', ['-t', 'tracefs', 'nodev', tracing]);
}
const obj = BpfObject.open(testObject('attach_progs'));
try {
  obj.load();
  const execs = obj.map('execs');
  const seen = (pid) => execs.lookup(new Uint8Array(new Uint32Array([pid]).buffer)) !== undefined;
  const prog = obj.program('tp_execve');
  for (const how of ['explicit', 'auto']) {
    const link = how === 'explicit' ? prog.attachTracepoint('syscalls', 'sys_enter_execve') : prog.attach();
    const child = spawnSync('/bin/sh', ['-c', 'exec /bin/true']);
    out[how] = { info: link.info(), childSeen: seen(child.pid) };
    link.destroy();
    const after = spawnSync('/bin/sh', ['-c', 'exec /bin/true']);
    out[how].seenAfterDestroy = seen(after.pid);
  }
  try {
    prog.attachTracepoint('syscalls', 'sys_enter_no_such_call');
  } catch (e) {
    out.missing = { code: e.code, message: e.message };
  }
} finally {
  obj.close();
}
console.log(JSON.stringify(out));
