// examples/execsnoop runs as a user would run it: the test starts it, waits until it says
// it is tracing, execs commands of its own (with arguments no other process uses), stops
// it with SIGINT and finds those commands in its output, with their pid, parent, uid and
// result; the .rodata settings (-u, -x) change what the program reports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { kernelTestsCanRun } from './helpers/kernel.mjs';

const script = fileURLToPath(new URL('../examples/execsnoop/run.mjs', import.meta.url));

/** Runs execsnoop with `args`, calls `during()` once it traces, stops it; its stdout and exit. */
async function snoop(args, during) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`execsnoop did not start: ${err}`)), 30000);
    child.stderr.on('data', (d) => {
      err += d;
      if (/tracing|Tracing/.test(err)) { clearTimeout(timer); resolve(); }
    });
    child.on('exit', () => { clearTimeout(timer); reject(new Error(`execsnoop exited early: ${err}`)); });
  });
  const ran = during();
  await new Promise((r) => setTimeout(r, 300)); // let the ring buffer deliver
  child.kill('SIGINT');
  const exit = await exited;
  return { out, err, exit, ran };
}

const marker = () => `execsnoop-test-${randomBytes(4).toString('hex')}`;

test('traces the commands the test execs: pid, parent, uid, result, arguments (JSON lines)', async () => {
  const tag = marker();
  const { out, exit, ran } = await snoop(['--json'], () => [
    spawnSync('/bin/echo', [tag, 'two words']),
    spawnSync('/bin/sh', ['-c', `exec /bin/true ${tag}-sh`]),
  ]);
  assert.is(exit.code, 0, 'a clean exit on SIGINT');
  const events = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const echo = events.find((e) => e.args[1] === tag);
  assert.ok(echo, `the echo was seen (${events.length} events)`);
  assert.equal(echo.args, ['/bin/echo', tag, 'two words']);
  assert.is(echo.pid, ran[0].pid);
  assert.is(echo.ppid, process.pid);
  assert.is(echo.uid, 0);
  assert.is(echo.ret, 0);
  assert.is(echo.comm, 'echo');
  // The shell's own exec, then the one it makes (same pid, the shell as its command before).
  const sh = events.filter((e) => e.pid === ran[1].pid);
  assert.equal(sh.map((e) => e.args), [['/bin/sh', '-c', `exec /bin/true ${tag}-sh`], ['/bin/true', `${tag}-sh`]]);
  assert.equal(sh.map((e) => e.comm), ['sh', 'true']);
});

test('the table: a header and one row per exec', async () => {
  const tag = marker();
  const { out } = await snoop([], () => spawnSync('/bin/echo', [tag]));
  const lines = out.split('\n');
  assert.match(lines[0], /^TIME\s+PCOMM\s+PID\s+PPID\s+UID\s+RET\s+ARGS$/);
  const row = lines.find((l) => l.endsWith(`/bin/echo ${tag}`));
  assert.ok(row, out.slice(0, 2000));
  assert.match(row, new RegExp(`^\\d\\d:\\d\\d:\\d\\d echo\\s+\\d+\\s+${process.pid}\\s+0\\s+0\\s+/bin/echo ${tag}$`));
});

test('.rodata settings: -u reports only that user; -x adds failed execs', async () => {
  const tag = marker();
  const uid = 54321;
  const { out } = await snoop(['--json', '-u', String(uid)], () => {
    spawnSync('/bin/echo', [`${tag}-root`]);
    spawnSync('/bin/echo', [`${tag}-user`], { uid, gid: uid });
  });
  const events = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.ok(events.every((e) => e.uid === uid), 'only the target uid');
  assert.ok(events.some((e) => e.args[1] === `${tag}-user`), 'the other user\'s echo is seen');
  assert.not.ok(events.some((e) => e.args[1] === `${tag}-root`), 'root\'s echo is not');

  const missing = `/nonexistent/${marker()}`;
  for (const [args, shown] of [[['--json'], false], [['--json', '-x'], true]]) {
    const r = await snoop(args, () => spawnSync('/bin/sh', ['-c', `exec ${missing}`]));
    const failed = r.out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.args[0] === missing);
    if (shown) {
      assert.is(failed.length, 1, 'the failed exec is reported with -x');
      assert.is(failed[0].ret, -2, 'ENOENT');
    } else {
      assert.is(failed.length, 0, 'failed execs are dropped by default');
    }
  }
});

test('bad options: a message and exit status 2', () => {
  const r = spawnSync(process.execPath, [script, '-u', 'alice'], { encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /-u needs a user id/);
});

if (kernelTestsCanRun('example-execsnoop.test.mjs')) test.run();
