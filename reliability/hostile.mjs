// Differential fuzzing with hostile objects: deterministic mutations of the project's BPF
// objects (reliability/hostile/mutate.mjs), each opened and loaded (when open succeeded)
// by the module, through the public facade in a child process with a timeout, and by
// native libbpf 1.1.2 (the scenario runner, tests/native/scenario.c); return codes, errno
// and libbpf's warning lines compared. Native libbpf 1.1.2 segfaults on some objects: the
// module must then trap (LibbpfError EWASMTRAP), which counts as agreeing.
//   run({ seed, scale }): scale 1 is the full run (20,000 mutations), smaller a slice.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseObjects, mutations } from './hostile/mutate.mjs';
import { mountPrivateBpffs } from '../dist/bpffs.js';
import { normalise } from '../dist/diff/normalise.js';
import { nativeRunnerPath } from '../dist/diff/run-native.js';
import { knownDifference } from './hostile/known-differences.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const workerPath = fileURLToPath(new URL('hostile/module-worker.mjs', import.meta.url));
const FULL_RUN = 20000;
const TIMEOUT_MS = 30000;
const LANES = 2;

/** Native libbpf on one object: {open, load, log}, open/load as the module worker reports them. */
function runNative(scn, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(nativeRunnerPath, [scn, env.bpffs, env.tmp, env.obj], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const steps = [];
      const log = [];
      let ended = false;
      for (const line of out.split('\n')) {
        let m;
        try {
          m = JSON.parse(line);
        } catch {
          continue; // empty, or the half line of a runner that crashed while printing it
        }
        if (m.step) steps.push(m.step);
        else if (m.log !== undefined) log.push(m.log);
        else if (m.end) ended = true;
      }
      if (status === 2) {
        reject(new Error(`native runner: ${err.trim()}`));
        return;
      }
      const hung = signal === 'SIGKILL';
      const at = (i) => (steps[i] ? (steps[i].skipped ? { skipped: true } : { ret: steps[i].ret })
        : !ended ? (hung ? { hang: true } : { crash: true, signal }) : { skipped: true });
      const open = at(0);
      resolve({ open, load: open.ret === 0 ? at(1) : { skipped: true }, log });
    });
  });
}

/** The module side: one child process, restarted after a crash or a hang. */
class ModuleLane {
  constructor() { this.start(); }

  start() {
    this.child = fork(workerPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.stderr = '';
    this.child.stderr.setEncoding('utf8').on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
  }

  run(job) {
    return new Promise((resolve) => {
      const child = this.child;
      const done = (r) => {
        clearTimeout(timer);
        child.removeListener('message', onMessage);
        child.removeListener('exit', onExit);
        resolve(r);
      };
      const onMessage = (m) => { if (m.id === job.id) done(m); };
      const onExit = (status, signal) => {
        done({ productCrash: `worker died (${signal ?? `exit ${status}`}): ${this.stderr.trim().split('\n').slice(-3).join(' / ')}` });
        this.start();
      };
      const timer = setTimeout(() => {
        child.removeListener('exit', onExit);
        child.kill('SIGKILL');
        this.start();
        done({ hang: true });
      }, TIMEOUT_MS);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(job);
    });
  }

  /** Ends the worker and waits until its pipes are closed (no fd outlives the run). */
  stop() {
    return new Promise((resolve) => {
      this.child.once('close', resolve);
      this.child.kill();
    });
  }
}

const warnings = (log) => log.filter((l) => l.startsWith('warn: '));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const summary = (r) => `open ${JSON.stringify(r.open)}, load ${JSON.stringify(r.load)}`;

/** Native vs module for one mutation: 'agree', 'native-crash-agree' or a disagreement. */
function compare(native, module) {
  const nativeCrashed = native.open.crash || native.load.crash;
  if (nativeCrashed) {
    const trapped = native.open.crash ? module.open.crash : same(module.open, native.open) && module.load.crash;
    return trapped ? 'native-crash-agree' : 'disagree';
  }
  if (!same(native.open, module.open) || !same(native.load, module.load)) return 'disagree';
  return same(warnings(native.log), warnings(module.log)) ? 'agree' : 'disagree';
}

async function runLane(lane, jobs, bpffs, counts, details) {
  const dir = mkdtempSync(join(tmpdir(), `libbpf-wasm-hostile-${lane}-`));
  const obj = join(dir, 'obj');
  mkdirSync(obj);
  const scn = join(dir, 'open-load.scn');
  const path = join(obj, 'mutant.bpf.o');
  const scnText = `# hostile object\nopen 0 ${path} pin_root=$BPFFS\nload 0\n`;
  writeFileSync(scn, scnText);
  const module = new ModuleLane();
  try {
    for (const m of jobs) {
      writeFileSync(path, m.bytes());
      const pins = { native: join(bpffs, `${lane}-n${m.id}`), module: join(bpffs, `${lane}-m${m.id}`) };
      mkdirSync(pins.native);
      mkdirSync(pins.module);
      const env = (side) => ({ bpffs: pins[side], tmp: dir, obj });
      const native = await runNative(scn, env('native'));
      const mod = await module.run({ id: m.id, scn: scnText, env: env('module') });
      rmSync(pins.native, { recursive: true, force: true });
      rmSync(pins.module, { recursive: true, force: true });
      counts.total++;
      const detail = { id: m.id, kind: m.kind, base: m.base, what: m.what };
      if (native.open.crash || native.load.crash) counts.nativeCrashed++;
      if (native.open.hang || native.load.hang) {
        counts.nativeHangs++;
        details.nativeHangs.push(detail);
        continue;
      }
      if (mod.productCrash) { counts.productCrashes++; details.productCrashes.push({ ...detail, why: mod.productCrash }); continue; }
      if (mod.hang) { counts.hangs++; details.hangs.push(detail); continue; }
      const escape = mod.open.escape;
      if (escape) { counts.escapes++; details.escapes.push({ ...detail, escape }); continue; }
      if (mod.fdsLeaked > 0) { counts.fdsLeaked++; details.fdsLeaked.push(detail); }
      const nn = { ...native, log: normalise({ steps: [], log: native.log, pins: [], fds_left: 0 }, env('native')).log };
      const mm = { ...mod, log: normalise({ steps: [], log: mod.log, pins: [], fds_left: 0 }, env('module')).log };
      const verdict = compare(nn, mm);
      if (verdict === 'agree') counts.agree++;
      else if (verdict === 'native-crash-agree') { counts.agree++; counts.nativeCrashAgree++; }
      else {
        const known = knownDifference(nn, mm);
        const entry = { ...detail, native: summary(nn), module: summary(mm),
          nativeWarnings: warnings(nn.log), moduleWarnings: warnings(mm.log) };
        if (known) { counts.known++; details.known.push({ ...entry, known }); } else { counts.disagree++; details.disagreements.push(entry); }
      }
    }
  } finally {
    await module.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run({ seed = 1, scale = 1 } = {}) {
  const count = Math.max(1, Math.round(FULL_RUN * scale));
  const { list, structuredTotal } = mutations(baseObjects(root), { seed, count });
  const counts = { total: 0, agree: 0, nativeCrashed: 0, nativeCrashAgree: 0, productCrashes: 0, hangs: 0,
    escapes: 0, disagree: 0, known: 0, nativeHangs: 0, fdsLeaked: 0 };
  const details = { seed, scale, structuredTotal, disagreements: [], known: [], productCrashes: [], hangs: [],
    escapes: [], nativeHangs: [], fdsLeaked: [] };
  const started = Date.now();
  const bpffs = mountPrivateBpffs('libbpf-wasm-hostile-');
  try {
    await Promise.all(Array.from({ length: LANES }, (_, lane) =>
      runLane(lane, list.filter((m) => m.id % LANES === lane), bpffs.dir, counts, details)));
  } finally {
    bpffs.cleanup();
  }
  details.seconds = (Date.now() - started) / 1000;
  details.counts = counts;
  const compared = counts.total - counts.nativeHangs;
  const agreeing = `${counts.agree} of ${compared} agree (native crashed on ${counts.nativeCrashed})`;
  const row = (metric, value, target, ok) => ({ metric, value, target, ok });
  return {
    part: 'hostile objects',
    rows: [
      row('mutations run', counts.total, scale >= 1 ? `>= ${FULL_RUN}` : `${count} (slice)`, counts.total === count),
      row('agreement', agreeing, `all, or listed in docs/differences.md (${counts.known} listed)`,
        counts.agree + counts.known === compared),
      row('product crashes', counts.productCrashes, '0', counts.productCrashes === 0),
      row('hangs', counts.hangs, '0', counts.hangs === 0),
      row('escaped exceptions', counts.escapes, '0', counts.escapes === 0),
      row('fds leaked', counts.fdsLeaked, '0', counts.fdsLeaked === 0),
    ],
    details,
  };
}

// `node reliability/hostile.mjs [seed] [scale]`: the table and the first disagreements.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [seed, scale] = [Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 1)];
  const r = await run({ seed, scale });
  for (const x of r.rows) console.log(`${x.ok ? 'ok  ' : 'FAIL'} ${x.metric}: ${x.value} (target ${x.target})`);
  const d = r.details;
  console.log(`${d.seconds.toFixed(0)} s; ${JSON.stringify(d.counts)}`);
  for (const k of ['disagreements', 'productCrashes', 'hangs', 'escapes', 'fdsLeaked', 'nativeHangs', 'known']) {
    for (const e of d[k].slice(0, 15)) console.log(`${k}: ${JSON.stringify(e)}`);
  }
}
