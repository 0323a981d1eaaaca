// Races.
// 1. Auto-pin race: 8 processes load an object whose maps are LIBBPF_PIN_BY_NAME, into one
//    pin root, released at one instant; 50 rounds through the facade and 50 through native
//    libbpf (reliability/native/lifecycle.c). Per round: each process's outcome (load's
//    result), every pin checked with bpftool (type, key, value, max_entries of the
//    object's definition), every successful process using the pinned map (same map id),
//    and after the pins are removed, no map of the round left in the kernel.
//    The barrier: every process opens a FIFO the parent holds open for writing, and reads
//    it until EOF; once all have it open (seen in /proc/PID/fd), the parent closes it.
// 2. worker_threads stress: N workers and the main thread open/load/map ops/close at once,
//    in a child process: 0 crashes (signal exit), 0 errors.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpfObject, MapType, setLogger } from '../dist/index.js';
import { childScript, nativeTool, testObject } from './lib/paths.mjs';
import { withBpffs } from './lib/bpffs.mjs';
import { listEntries } from './lib/fs-state.mjs';
import { runChild, startChild } from './lib/child.mjs';
import { sleep } from './lib/time.mjs';

const PROCESSES = 8;
const FULL_ROUNDS = 50;
const WORKERS = 4;
const FULL_THREAD_ITERATIONS = 200;
const OBJECT = testObject('pin_by_name');

/** The shapes bpftool must see at each pin: the object's own map definitions. */
function expectedShapes() {
  const previous = setLogger(() => {});
  const obj = BpfObject.open(OBJECT);
  try {
    const typeName = Object.fromEntries(Object.entries(MapType).map(([k, v]) => [v, k.toLowerCase()]));
    return Object.fromEntries(obj.maps.filter((m) => m.pinPath !== null).map((m) => [m.name,
      { type: typeName[m.type], bytes_key: m.keySize, bytes_value: m.valueSize, max_entries: m.maxEntries }]));
  } finally {
    obj.close();
    setLogger(previous);
  }
}

const holdsFifo = (pid, fifo) => {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try { return readlinkSync(`/proc/${pid}/fd/${fd}`) === fifo; } catch { return false; }
    });
  } catch {
    return false; // exited: it will not hold the line up
  }
};

/** One round of one side: PROCESSES loaders released together (the FIFO in `tmp`: a
 *  bpffs holds only BPF objects). */
async function round(side, dir, tmp) {
  const root = `${dir}/root`;
  const fifo = `${tmp}/start`;
  mkdirSync(root);
  rmSync(fifo, { force: true });
  execFileSync('mkfifo', [fifo]);
  const writer = openSync(fifo, 'r+'); // a writer for as long as the line is held
  const argv = side === 'native'
    ? (pinRoot) => [nativeTool('lifecycle'), [OBJECT, pinRoot, '-', fifo]]
    : (pinRoot) => [process.execPath, [childScript('lifecycle'), OBJECT, pinRoot, '-', fifo]];
  const children = Array.from({ length: PROCESSES }, () => startChild(...argv(root)));
  const deadline = Date.now() + 60_000;
  while (!children.every((c) => holdsFifo(c.pid, fifo)) && Date.now() < deadline) await sleep(5);
  closeSync(writer);
  const results = await Promise.all(children.map((c) => c.done));
  return { results, pins: listEntries(root) };
}

/** bpftool's view of a pin: { id, type, bytes_key, bytes_value, max_entries } */
const pinnedMap = (path) => JSON.parse(execFileSync('bpftool', ['map', 'show', 'pinned', path, '-j'], { encoding: 'utf8' }));

async function mapsGone(ids) {
  for (let i = 0; i < 100; i++) {
    const live = new Set(JSON.parse(execFileSync('bpftool', ['map', 'show', '-j'], { encoding: 'utf8' })).map((m) => m.id));
    const left = ids.filter((id) => live.has(id));
    if (left.length === 0) return [];
    await sleep(20); // maps are freed by deferred kernel work after their last reference
    if (i === 99) return left;
  }
  return ids;
}

function outcome(r) {
  if (r.signal !== null || !r.json) return `crash(${r.signal ?? r.status})`;
  const load = r.json.steps.find((s) => s.op === 'load');
  const failed = r.json.steps.find((s) => s.ret !== 0);
  if (failed && failed.ret === null) return `other(${failed.error})`;
  if (!load) return `open ${failed.ret}`;
  return load.ret === 0 ? 'ok' : `load ${load.code ?? load.ret}`;
}

async function pinRace(side, rounds, shapes, mnt, tmp) {
  const kinds = {};
  const problems = [];
  let wrongShape = 0;
  let notSharing = 0;
  let leftOver = 0;
  let fdsLeaked = 0;
  for (let i = 0; i < rounds; i++) {
    const dir = `${mnt}/${side}-${i}`;
    mkdirSync(dir);
    const { results, pins } = await round(side, dir, tmp);
    const roundKinds = results.map(outcome);
    for (const k of roundKinds) kinds[k] = (kinds[k] ?? 0) + 1;
    fdsLeaked += results.filter((r) => r.json && r.json.fds_left !== 0).length;
    const pinned = {};
    for (const pin of pins) {
      const info = pinnedMap(`${dir}/root/${pin}`);
      pinned[pin] = info.id;
      const want = shapes[pin];
      const got = { type: info.type, bytes_key: info.bytes_key, bytes_value: info.bytes_value, max_entries: info.max_entries };
      if (!want || JSON.stringify(got) !== JSON.stringify(want)) {
        wrongShape += 1;
        problems.push(`${side} round ${i}: pin ${pin} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
    const ids = new Set(Object.values(pinned));
    for (const r of results) {
      if (outcome(r) !== 'ok') continue;
      for (const m of r.json.maps) {
        if (m.name in shapes && (pinned[m.name] !== m.id || !m.pinned)) {
          notSharing += 1;
          problems.push(`${side} round ${i}: a loaded ${m.name} has id ${m.id}, the pin has ${pinned[m.name]}`);
        }
        ids.add(m.id);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    const left = await mapsGone([...ids].filter((id) => id > 0));
    if (left.length) {
      leftOver += left.length;
      problems.push(`${side} round ${i}: maps ${left} still exist after cleanup`);
    }
  }
  return { kinds, wrongShape, notSharing, leftOver, fdsLeaked, problems };
}

const fmtKinds = (k) => Object.entries(k).map(([name, n]) => `${name} x${n}`).join(', ');

export async function run({ scale = 1, log = () => {} } = {}) {
  const rounds = Math.max(1, Math.round(FULL_ROUNDS * scale));
  const iterations = Math.max(5, Math.round(FULL_THREAD_ITERATIONS * scale));
  const shapes = expectedShapes();
  const tmp = mkdtempSync(join(tmpdir(), 'libbpf-wasm-races-'));
  try {
    return await withBpffs((mnt) => races(mnt, tmp, rounds, iterations, shapes, log));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function races(mnt, tmp, rounds, iterations, shapes, log) {
  {
    const native = await pinRace('native', rounds, shapes, mnt, tmp);
    log(`races: native ${fmtKinds(native.kinds)}`);
    const module = await pinRace('module', rounds, shapes, mnt, tmp);
    log(`races: module ${fmtKinds(module.kinds)}`);
    const stray = listEntries(mnt);
    mkdirSync(`${mnt}/threads`);
    const t = await runChild(process.execPath, [childScript('thread-stress'), `${mnt}/threads`, String(WORKERS),
      String(iterations)], { timeoutMs: 30 * 60 * 1000 });
    const threadsLeft = listEntries(`${mnt}/threads`).filter((p) => !/^(main|w\d+)$/.test(p));
    const threads = t.json?.threads ?? [];
    const threadErrors = threads.reduce((n, th) => n + th.errors.length, 0);
    const crashed = t.signal !== null || !t.json;
    const newKinds = Object.keys(module.kinds).filter((k) => !(k in native.kinds));
    const row = (metric, value, target, ok) => ({ metric, value, target, ok });
    const zero = (metric, n) => row(metric, n, 0, n === 0);
    return {
      part: 'races',
      rows: [
        row(`pin race outcomes, native (${rounds} rounds x ${PROCESSES})`, fmtKinds(native.kinds), '-', null),
        row('pin race outcomes, libbpf-wasm', fmtKinds(module.kinds), '-', null),
        row('outcome kinds native never showed', newKinds.join(', ') || 'none', 'none', newKinds.length === 0),
        zero('pins to a map of the wrong shape', module.wrongShape),
        zero('loaded maps not the pinned map', module.notSharing),
        zero('maps left in the kernel after cleanup', module.leftOver),
        zero('loader processes leaving fds open', module.fdsLeaked),
        row('native: wrong shape / not shared / left over', `${native.wrongShape} / ${native.notSharing} / ${native.leftOver}`, '-', null),
        zero('entries left in the bpffs after the rounds', stray.length),
        row('worker_threads: threads x iterations', `${WORKERS} workers + main x ${iterations}`, '-', null),
        row('worker_threads: crashes', crashed ? `1 (exit ${t.signal ?? t.status})` : 0, 0, !crashed),
        zero('worker_threads: errors', threadErrors),
        zero('worker_threads: pins left', threadsLeft.length),
      ],
      details: {
        native, module, stray,
        threads: { threads, status: t.status, signal: t.signal, stderr: t.stderr.slice(-2000), left: threadsLeft },
      },
    };
  }
}
