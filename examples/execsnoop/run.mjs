#!/usr/bin/env node
// examples/execsnoop: every exec() on the system, printed as a table as it happens, like
// libbpf-tools' execsnoop. execsnoop.bpf.c runs on the syscalls/sys_enter_execve and
// sys_exit_execve tracepoints and sends one event per exec through a ring buffer, which
// this script reads on Node's event loop (RingBuffer.start()). Its configuration is set in
// .rodata before load (obj.globals), as a libbpf skeleton's rodata is.
// Run as root after `npm run setup`:
//   node examples/execsnoop/run.mjs [-u UID] [-x] [--json] [--duration SECONDS]
//     -u UID       only this user's execs
//     -x           include failed execs (RET < 0)
//     --json       one JSON object per line instead of the table
//     --duration   stop after this many seconds (default: until Ctrl-C)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpfObject, RingBuffer } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const TRACING = '/sys/kernel/tracing';
const PRIVATE_MOUNTS = 'EXECSNOOP_PRIVATE_MOUNTS';

// ---- options ----
const argv = process.argv.slice(2);
const options = { uid: undefined, failed: false, json: false, duration: undefined };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '-u' || a === '--uid') options.uid = Number(argv[++i]);
  else if (a === '-x' || a === '--failed') options.failed = true;
  else if (a === '--json') options.json = true;
  else if (a === '--duration') options.duration = Number(argv[++i]);
  else usage(`unknown option ${a}`);
}
if (options.uid !== undefined && !(Number.isInteger(options.uid) && options.uid >= 0 && options.uid < 0xffffffff)) {
  usage('-u needs a user id (a number)');
}
if (options.duration !== undefined && !(options.duration > 0)) usage('--duration needs a number of seconds');

function usage(problem) {
  console.error(`execsnoop: ${problem}\nusage: run.mjs [-u UID] [-x] [--json] [--duration SECONDS]`);
  process.exit(2);
}

// ---- the event: struct event of execsnoop.h ----
const TASK_COMM_LEN = 16;
const MAX_ARGS = 6;
const ARG_LEN = 64;
const EVENT_SIZE = 40 + MAX_ARGS * ARG_LEN;
const text = new TextDecoder();

/** A NUL-terminated C string out of a char array. */
function cString(bytes) {
  const end = bytes.indexOf(0);
  return text.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Decodes one event; `data` is only valid during the ring buffer's callback, so copy out. */
function decode(data) {
  if (data.byteLength !== EVENT_SIZE) throw new Error(`execsnoop: event of ${data.byteLength} bytes, expected ${EVENT_SIZE}`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const args = [];
  const count = Math.min(dv.getUint32(16, true), MAX_ARGS);
  for (let i = 0; i < count; i++) args.push(cString(data.subarray(40 + i * ARG_LEN, 40 + (i + 1) * ARG_LEN)));
  return {
    time: new Date().toISOString().slice(11, 19),
    pid: dv.getUint32(0, true),
    ppid: dv.getUint32(4, true),
    uid: dv.getUint32(8, true),
    ret: dv.getInt32(12, true),
    comm: cString(data.subarray(24, 24 + TASK_COMM_LEN)),
    args,
    truncated: dv.getUint32(20, true) !== 0,
  };
}

// ---- output ----
const COLUMNS = [['TIME', 8], ['PCOMM', 16], ['PID', 7], ['PPID', 7], ['UID', 6], ['RET', 4]];

function printHeader() {
  if (!options.json) console.log([...COLUMNS.map(([name, w]) => name.padEnd(w)), 'ARGS'].join(' '));
}

function printEvent(e) {
  if (options.json) {
    console.log(JSON.stringify(e));
    return;
  }
  const cells = [e.time, e.comm, e.pid, e.ppid, e.uid, e.ret];
  const args = e.args.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(' ') + (e.truncated ? ' ...' : '');
  console.log([...cells.map((c, i) => String(c).padEnd(COLUMNS[i][1])), args].join(' '));
}

// ---- main ----
function main() {
  const obj = BpfObject.open(join(here, 'build', 'execsnoop.bpf.o'));
  let rb;
  const links = [];
  let stopped = false;
  const stop = (code = 0) => {
    if (stopped) return;
    stopped = true;
    try {
      rb?.consume(); // what arrived since the last delivery
    } finally {
      rb?.close();
      for (const link of links) link.destroy();
      obj.close();
    }
    process.exit(code);
  };
  try {
    // .rodata: read by the program as constants, so set before load (frozen after it).
    if (options.uid !== undefined) obj.globals.targ_uid = options.uid;
    obj.globals.ignore_failed = !options.failed;
    obj.load();
    for (const prog of obj.programs) links.push(prog.attach()); // by SEC(): tracepoint/syscalls/...
    rb = new RingBuffer(obj.map('events'), (data) => { printEvent(decode(data)); });
    rb.on('error', (err) => {
      console.error(`execsnoop: ${err.message}`);
      stop(1);
    });
    printHeader();
    rb.start();
  } catch (err) {
    rb?.close();
    for (const link of links) link.destroy();
    obj.close();
    throw err;
  }
  if (!options.json) console.error('Tracing exec()... Hit Ctrl-C to end.');
  else console.error(JSON.stringify({ tracing: true }));
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  if (options.duration) setTimeout(() => stop(0), options.duration * 1000);
}

// ---- tracefs ----
// Attaching a tracepoint needs tracefs. Where it is not mounted (a minimal VM, a CI
// runner), run again in a private mount namespace and mount it there, so the host's
// mounts stay as they were.
if (!existsSync(`${TRACING}/events`)) {
  if (process.env[PRIVATE_MOUNTS] !== '1') {
    const child = spawn('unshare', ['--mount', '--propagation', 'private', process.execPath, fileURLToPath(import.meta.url), ...argv],
      { stdio: 'inherit', env: { ...process.env, [PRIVATE_MOUNTS]: '1' } });
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  } else {
    execFileSync('mount', ['-t', 'tracefs', 'nodev', TRACING]);
    main();
  }
} else {
  main();
}
