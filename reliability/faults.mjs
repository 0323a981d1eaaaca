// Fault injection: every host call that open + load + pin + unpin + close of an object
// makes, failed with each of ENOMEM, EPERM, EINTR, EAGAIN, through the facade and through
// native libbpf 1.1.2 under the same injection.
//
// Why strace, for both sides: the fault is the kernel's answer to the syscall itself, so
// both libbpfs (native C, and wasm behind the host addon) see exactly the same thing and
// each handles it with its own code: the addon's translation, the module's errno mapping,
// the facade's cleanup are all on the path under test. A switch inside the addon would
// fail calls before the syscall, which native libbpf cannot mirror, and would test the
// switch as much as the package. Calls are matched between the two sides by what they do
// (lib/strace.mjs), not by position: the module also reads its addon and its .wasm on the
// first open ("module-only" calls, judged on their own). close() is not failed (Linux
// releases the fd whatever close reports; a skipped close would be a leak no kernel makes),
// and of a long run of one call on one file only the first two and the last are.
//
// Targets: 0 crashes (signal, trap, no result); every failure a LibbpfError; 0 fds left
// open after close(); for calls both sides make, the same step results (-errno) and the
// same pins left as native; for module-only calls, success or the injected errno.
import { mkdirSync, rmSync } from 'node:fs';
import { traceRegion, injectAt } from './lib/strace.mjs';
import { nativeTool, childScript, testObject, exampleObject } from './lib/paths.mjs';
import { withBpffs } from './lib/bpffs.mjs';
import { listPins } from '../dist/diff/fs-state.js';
import { sample, pool } from './lib/random.mjs';

export const ERRNOS = { ENOMEM: 12, EPERM: 1, EINTR: 4, EAGAIN: 11 };
const OBJECTS = [
  testObject('pin_by_name'), testObject('maps_all'), testObject('subprog'),
  testObject('progs_sections'), testObject('core_reloc'), exampleObject('pinning'),
];
const PARALLEL = 2;
const MISS_ATTEMPTS = 3;

const argvOf = (side, object, run) => side === 'native'
  ? [nativeTool('lifecycle'), object, `${run}/r`, `${run}/p`]
  : [process.execPath, childScript('lifecycle'), object, `${run}/r`, `${run}/p`];

/** A fresh run directory inside the bpffs for each run: the pins a run leaves are its own. */
function freshRun(mnt, slot) { // slot: a string or number naming a concurrent run
  const run = `${mnt}/run${slot}`;
  rmSync(run, { recursive: true, force: true });
  mkdirSync(run);
  return run;
}

/** One side's run: the calibration trace (inject undefined) or an injected run, and what it left. */
async function runSide(side, object, mnt, slot, inject) {
  // An injection that missed its call (a count the run did not reproduce) tested nothing:
  // it is run again, and reported as missed only when it keeps missing.
  for (let attempt = 1; ; attempt++) {
    const run = freshRun(mnt, slot);
    const argv = argvOf(side, object, run);
    const traced = inject ? await injectAt(argv, run, inject.call, inject.errno) : await traceRegion(argv, run);
    const pins = listPins(run);
    rmSync(run, { recursive: true, force: true });
    if (!inject || traced.hit || attempt === MISS_ATTEMPTS) return { ...traced, pins };
  }
}

const key = (c) => `${c.sig}#${c.occurrence}`;

function groupBy(list, f) {
  const m = new Map();
  for (const x of list) m.set(f(x), [...(m.get(f(x)) ?? []), x]);
  return m;
}
const countBy = (list, f) => new Map([...groupBy(list, f)].map(([k, v]) => [k, v.length]));

/**
 * The native calls the module's `call` stands against. Same signature, same number of
 * calls on both sides: the same occurrence. Different numbers (a file read through stdio:
 * glibc and musl split the reads differently, glibc fstat()s where musl lseek()s): the
 * first occurrence for the first, else any of native's first, second and last, whichever
 * answers like the module (the same kind of fault, somewhere in that file's reading).
 * None: a module-only call.
 */
function nativeCounterparts(call, moduleCount, natives) {
  if (natives.length === 0) return [];
  if (natives.length === moduleCount || call.occurrence === 1) return natives.filter((c) => c.occurrence === call.occurrence);
  return [...new Set([natives[0], natives[1], natives[natives.length - 1]].filter(Boolean))];
}
const rets = (json) => json?.steps.map((s) => `${s.op}:${s.ret}`).join(' ');
const sameOutcome = (m, n) => n.result.json && rets(m.result.json) === rets(n.result.json) &&
  JSON.stringify(m.pins) === JSON.stringify(n.pins);

/** baseline: the module's run without injection (what fails without any fault). */
function judge(point, m, n, baseline) {
  const j = m.result.json;
  const problems = [];
  if (!m.hit) problems.push(`module injection missed (${m.injected.join('; ') || 'none'})`);
  if (n && !n.hit) problems.push(`native injection missed (${n.injected.join('; ') || 'none'})`);
  if (problems.length) {
    // Whatever that run did, it was not the fault this point names: only the miss counts.
    return { object: point.object.split('/').pop(), call: key(point.call), errno: point.errno, aligned: !!n,
      hit: false, crashed: false, otherErrors: 0, fdsLeaked: 0, differs: false, pinsDiffer: false,
      wrongErrno: false, nativeFdsLeaked: null, problems };
  }
  const crashed = !j || m.result.signal !== null || j.steps.some((s) => s.code === 'EWASMTRAP');
  if (crashed) problems.push(`crash (exit ${m.result.status ?? m.result.signal}) ${m.result.stderr.slice(-300)}`);
  const otherErrors = j ? j.steps.filter((s) => s.ret === null) : [];
  if (otherErrors.length) problems.push(`not LibbpfError: ${otherErrors.map((s) => `${s.op} ${s.error}`).join('; ')}`);
  const fdsLeaked = j ? j.fds_left : 0;
  if (fdsLeaked !== 0) problems.push(`${fdsLeaked} fds left open`);
  let differs = false;
  let pinsDiffer = false;
  let wrongErrno = false;
  if (n) {
    differs = !n.result.json || rets(j) !== rets(n.result.json);
    pinsDiffer = JSON.stringify(m.pins) !== JSON.stringify(n.pins);
    if (differs) problems.push(`results: module ${rets(j)} | native ${rets(n.result.json)}`);
    if (pinsDiffer) problems.push(`pins: module [${m.pins}] | native [${n.pins}]`);
  } else if (j) {
    // The first step the fault changed must fail with the injected errno (or none changed).
    const failed = j.steps.find((s, k) => s.ret !== 0 && s.ret !== baseline.steps[k]?.ret);
    wrongErrno = failed !== undefined && failed.ret !== -ERRNOS[point.errno];
    if (wrongErrno) problems.push(`module-only call: ${failed.op} failed with ${failed.ret}, not -${ERRNOS[point.errno]}`);
  }
  return {
    object: point.object.split('/').pop(), call: key(point.call), errno: point.errno, aligned: !!n,
    hit: m.hit && (!n || n.hit), crashed, otherErrors: otherErrors.length, fdsLeaked, differs, pinsDiffer,
    wrongErrno, nativeFdsLeaked: n?.result.json?.fds_left ?? null, problems,
  };
}

export async function run({ seed = 1, scale = 1, log = () => {} } = {}) {
  return withBpffs(async (mnt) => {
    // Calibrate each object on both sides: the calls of the region, in order.
    const calibrated = [];
    for (const object of OBJECTS) {
      const native = await runSide('native', object, mnt, 0);
      const module = await runSide('module', object, mnt, 0);
      calibrated.push({ object, native, module });
    }
    const points = [];
    let collapsed = 0;
    for (const { object, native, module } of calibrated) {
      const bySig = groupBy(native.calls, (c) => c.sig);
      const moduleCount = countBy(module.calls, (c) => c.sig);
      for (const call of module.calls) {
        const count = moduleCount.get(call.sig);
        // A run of the same call (reading vmlinux BTF is ~1,350 read()s of one file) takes
        // one path in libbpf: its first two and its last occurrence stand for it.
        if (call.occurrence > 2 && call.occurrence !== count) {
          collapsed += 1;
          continue;
        }
        const nativeCalls = nativeCounterparts(call, count, bySig.get(call.sig) ?? []);
        for (const errno of Object.keys(ERRNOS)) points.push({ object, call, errno, nativeCalls, baseline: module.result.json });
      }
    }
    const chosen = sample(points, scale, seed);
    log(`faults: ${chosen.length} of ${points.length} injection points (${OBJECTS.length} objects x ${Object.keys(ERRNOS).length} errnos)`);
    const nativeRuns = new Map();
    const nativeRun = (object, call, errno, slot) => {
      const k = `${object}|${key(call)}|${errno}`;
      if (!nativeRuns.has(k)) nativeRuns.set(k, runSide('native', object, mnt, `n${slot}`, { call, errno }));
      return nativeRuns.get(k);
    };
    let done = 0;
    const verdicts = await pool(chosen, PARALLEL, async (point, slot) => {
      const m = await runSide('module', point.object, mnt, slot, point);
      const candidates = [];
      for (const c of point.nativeCalls) candidates.push(await nativeRun(point.object, c, point.errno, slot));
      // Of several native counterparts, the one that answered like the module (if any).
      const n = candidates.find((c) => sameOutcome(m, c)) ?? candidates[0];
      if (++done % 100 === 0) log(`faults: ${done}/${chosen.length}`);
      return judge(point, m, n, point.baseline);
    });

    const count = (f) => verdicts.filter(f).length;
    const aligned = verdicts.filter((v) => v.aligned);
    const moduleOnly = verdicts.filter((v) => !v.aligned);
    const row = (metric, value, target, ok) => ({ metric, value, target, ok });
    const zero = (metric, n) => row(metric, n, 0, n === 0);
    const hits = count((v) => v.hit);
    return {
      part: 'faults',
      rows: [
        row('injection points run (calls x errnos)', `${verdicts.length} of ${points.length}`, '-', null),
        row('repeated calls not injected (same call, same path)', collapsed, '-', null),
        row('injections that hit the intended call', `${hits}/${verdicts.length}`, 'all', hits === verdicts.length),
        zero('crashes (signal, trap, no result)', count((v) => v.crashed)),
        zero('failures not a LibbpfError', count((v) => v.otherErrors > 0)),
        zero('runs leaving fds open after close()', count((v) => v.fdsLeaked !== 0)),
        row('points on calls native makes too / module-only calls', `${aligned.length} / ${moduleOnly.length}`, '-', null),
        zero('step results differ from native', count((v) => v.aligned && v.differs)),
        zero('pins left differ from native', count((v) => v.aligned && v.pinsDiffer)),
        zero('module-only calls: error not the injected errno', count((v) => v.wrongErrno)),
        row('native runs leaving fds open (for reference)', count((v) => v.nativeFdsLeaked > 0), '-', null),
      ],
      details: {
        objects: calibrated.map(({ object, native, module }) => ({
          object: object.split('/').pop(), nativeCalls: native.calls.length, moduleCalls: module.calls.length,
          nativeBaseline: native.result.json, moduleBaseline: module.result.json,
          nativeOnlyCalls: native.calls.filter((c) => !module.calls.some((m) => key(m) === key(c))).map(key),
        })),
        failures: verdicts.filter((v) => v.problems.length),
      },
    };
  });
}
