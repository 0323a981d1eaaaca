// Races.
// 1. Auto-pin races: 8 processes load objects whose maps are LIBBPF_PIN_BY_NAME into one
//    pin root, released at one instant, 50 rounds through the facade and 50 through
//    native libbpf (reliability/native/lifecycle.c), in two races:
//    - "same object": all 8 load pin_by_name;
//    - "mixed shapes": 4 load pin_by_name, 4 pin_mismatch_key_size (the same pinned_hash
//      with 8-byte keys): whoever pins first decides the shape, the others must fail.
//    Per round: each process's outcome (load's result); every pin checked with bpftool
//    against the definitions of the round's objects; every successful process holding the
//    pinned map (same id) of its own shape; after the pins are removed, no map of the
//    round left in the kernel.
//    The barrier: every process opens a FIFO the parent holds open for writing, and reads
//    it until EOF; once all have it open (seen in /proc/PID/fd), the parent closes it.
// 2. worker_threads stress: N workers and the main thread open/load/map ops/close at once,
//    in a child process: 0 crashes (signal exit), 0 errors.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpfObject, MapType, setLogger } from '../dist/index.js';
import { listPins } from '../dist/diff/fs-state.js';
import { childScript, nativeTool, testObject } from './lib/paths.mjs';
import { withBpffs } from './lib/bpffs.mjs';
import { runChild, startChild } from './lib/child.mjs';
import { sleep } from './lib/time.mjs';

const PROCESSES = 8;
const FULL_ROUNDS = 50;
const WORKERS = 4;
const FULL_THREAD_ITERATIONS = 200;
const RACES = {
  'same object': Array(PROCESSES).fill(testObject('pin_by_name')),
  'mixed shapes': Array.from({ length: PROCESSES }, (_, i) => testObject(i % 2 ? 'pin_mismatch_key_size' : 'pin_by_name')),
};

/** bpftool's words for the shape of each pinned map an object defines: { name: shape }. */
function definedShapes(object) {
  const previous = setLogger(() => {});
  const obj = BpfObject.open(object);
  try {
    const typeName = Object.fromEntries(Object.entries(MapType).map(([k, v]) => [v, k.toLowerCase()]));
    return Object.fromEntries(obj.maps.filter((m) => m.pinPath !== null).map((m) => [m.name,
      JSON.stringify({ type: typeName[m.type], bytes_key: m.keySize, bytes_value: m.valueSize, max_entries: m.maxEntries })]));
  } finally {
    obj.close();
    setLogger(previous);
  }
}

/** bpftool's view of a pin: its id and shape. */
function pinnedMap(path) {
  const m = JSON.parse(execFileSync('bpftool', ['map', 'show', 'pinned', path, '-j'], { encoding: 'utf8' }));
  return { id: m.id, shape: JSON.stringify({ type: m.type, bytes_key: m.bytes_key, bytes_value: m.bytes_value,
    max_entries: m.max_entries }) };
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

/** One round of one side: a loader per object, released together (the FIFO in `tmp`: a
 *  bpffs holds only BPF objects). */
async function round(side, objects, dir, tmp) {
  const root = `${dir}/root`;
  const fifo = `${tmp}/start`;
  mkdirSync(root);
  rmSync(fifo, { force: true });
  execFileSync('mkfifo', [fifo]);
  const writer = openSync(fifo, 'r+'); // a writer for as long as the line is held
  const children = objects.map((object) => (side === 'native'
    ? startChild(nativeTool('lifecycle'), [object, root, '-', fifo])
    : startChild(process.execPath, [childScript('lifecycle'), object, root, '-', fifo])));
  const deadline = Date.now() + 60_000;
  while (!children.every((c) => holdsFifo(c.pid, fifo)) && Date.now() < deadline) await sleep(5);
  closeSync(writer);
  const results = await Promise.all(children.map((c) => c.done));
  return { results, pins: listPins(root) };
}

async function mapsGone(ids) {
  let left = ids;
  for (let i = 0; i < 100 && left.length; i++) {
    if (i) await sleep(20); // maps are freed by deferred kernel work after their last reference
    const live = new Set(JSON.parse(execFileSync('bpftool', ['map', 'show', '-j'], { encoding: 'utf8' })).map((m) => m.id));
    left = ids.filter((id) => live.has(id));
  }
  return left;
}

function outcome(r) {
  if (r.signal !== null || !r.json) return `crash(${r.signal ?? r.status})`;
  const load = r.json.steps.find((s) => s.op === 'load');
  const failed = r.json.steps.find((s) => s.ret !== 0);
  if (failed && failed.ret === null) return `other(${failed.error})`;
  if (!load) return `open ${failed.ret}`;
  return load.ret === 0 ? 'ok' : `load ${load.ret}`;
}

async function pinRace(side, objects, rounds, mnt, tmp) {
  const shapes = objects.map(definedShapes);
  const known = new Set(shapes.flatMap((s) => Object.values(s)));
  const kinds = {};
  const problems = [];
  let wrongShape = 0;
  let notSharing = 0;
  let leftOver = 0;
  let fdsLeaked = 0;
  for (let i = 0; i < rounds; i++) {
    const dir = `${mnt}/${side}-${i}`;
    mkdirSync(dir);
    const { results, pins } = await round(side, objects, dir, tmp);
    for (const k of results.map(outcome)) kinds[k] = (kinds[k] ?? 0) + 1;
    for (const [k, r] of results.entries()) {
      if (!r.json || r.json.fds_left === 0) continue;
      fdsLeaked += 1;
      problems.push(`${side} round ${i}: process ${k} left ${r.json.fds_left} fds open: ${r.json.leaked ?? '?'}`);
    }
    const pinned = Object.fromEntries(pins.map((pin) => [pin, pinnedMap(`${dir}/root/${pin}`)]));
    for (const [pin, m] of Object.entries(pinned)) {
      if (!known.has(m.shape)) {
        wrongShape += 1;
        problems.push(`${side} round ${i}: pin ${pin} is ${m.shape}, which no object of the round defines`);
      }
    }
    const ids = new Set(Object.values(pinned).map((m) => m.id));
    results.forEach((r, k) => {
      for (const m of r.json?.maps ?? []) ids.add(m.id);
      if (outcome(r) !== 'ok') return;
      for (const m of r.json.maps.filter((x) => x.name in shapes[k])) {
        const pin = pinned[m.name];
        if (!pin || pin.id !== m.id || !m.pinned || pin.shape !== shapes[k][m.name]) {
          notSharing += 1;
          problems.push(`${side} round ${i}: process ${k} loaded ${m.name} as map ${m.id} (${shapes[k][m.name]}), ` +
            `the pin is ${pin ? `map ${pin.id} (${pin.shape})` : 'missing'}`);
        }
      }
    });
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

async function threadStress(dir, iterations) {
  mkdirSync(dir);
  const t = await runChild(process.execPath, [childScript('thread-stress'), dir, String(WORKERS), String(iterations)],
    { timeoutMs: 30 * 60 * 1000 });
  const threads = t.json?.threads ?? [];
  return { threads, status: t.status, signal: t.signal, stderr: t.stderr.slice(-2000),
    crashed: t.signal !== null || !t.json, errors: threads.reduce((n, th) => n + th.errors.length, 0),
    left: listPins(dir).filter((p) => !/^(main|w\d+)$/.test(p)) };
}

export async function run({ scale = 1, log = () => {} } = {}) {
  const rounds = Math.max(1, Math.round(FULL_ROUNDS * scale));
  const iterations = Math.max(5, Math.round(FULL_THREAD_ITERATIONS * scale));
  const tmp = mkdtempSync(join(tmpdir(), 'libbpf-wasm-races-'));
  const row = (metric, value, target, ok) => ({ metric, value, target, ok });
  const zero = (metric, n) => row(metric, n, 0, n === 0);
  try {
    return await withBpffs(async (mnt) => {
      const rows = [];
      const details = {};
      for (const [race, objects] of Object.entries(RACES)) {
        const native = await pinRace('native', objects, rounds, mnt, tmp);
        const module = await pinRace('module', objects, rounds, mnt, tmp);
        log(`races: ${race}: native ${fmtKinds(native.kinds)}; libbpf-wasm ${fmtKinds(module.kinds)}`);
        const newKinds = Object.keys(module.kinds).filter((k) => !(k in native.kinds));
        rows.push(
          row(`${race}: outcomes, native (${rounds} rounds x ${PROCESSES})`, fmtKinds(native.kinds), '-', null),
          row(`${race}: outcomes, libbpf-wasm`, fmtKinds(module.kinds), '-', null),
          row(`${race}: outcome kinds native never showed`, newKinds.join(', ') || 'none', 'none', newKinds.length === 0),
          zero(`${race}: pins to a map of no defined shape`, module.wrongShape),
          zero(`${race}: loaded maps not the pinned map of their shape`, module.notSharing),
          zero(`${race}: maps left in the kernel after cleanup`, module.leftOver),
          zero(`${race}: loader processes leaving fds open`, module.fdsLeaked),
          row(`${race}: native: wrong shape / not shared / left over`,
            `${native.wrongShape} / ${native.notSharing} / ${native.leftOver}`, '-', null),
        );
        details[race] = { native, module };
      }
      const stray = listPins(mnt);
      const t = await threadStress(`${mnt}/threads`, iterations);
      rows.push(
        zero('entries left in the bpffs after the rounds', stray.length),
        row('worker_threads: threads x iterations', `${WORKERS} workers + main x ${iterations}`, '-', null),
        row('worker_threads: crashes', t.crashed ? `1 (exit ${t.signal ?? t.status})` : 0, 0, !t.crashed),
        zero('worker_threads: errors', t.errors),
        zero('worker_threads: pins left', t.left.length),
      );
      return { part: 'races', rows, details: { ...details, stray, threads: t,
        problems: Object.values(details).flatMap((d) => [...d.native.problems, ...d.module.problems]) } };
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
