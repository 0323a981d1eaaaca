// node bad-input.mjs BPFFS INDEXES_FILE START
// Runs the calls of reliability/lib/bad-input-table.mjs whose indexes are listed in
// INDEXES_FILE (JSON), from position START, each against a fresh object in a state of its
// own, and prints per call {"start": i} before it and its result after:
//   {"i", "outcome": ok|LibbpfError|TypeError|RangeError|raw trap|other, "code", "message",
//    "fdsDelta" (fds open after the call and its objects closed, minus before),
//    "invalidAccepted" (returned normally given a value outside the parameter's domain)}
// A crash or a hang ends this process: the parent records it and resumes after that call.
import { readFileSync, mkdirSync } from 'node:fs';
import { BpfObject, LibbpfError, setLogger } from '../../dist/index.js';
import { allCalls, DOMAINS } from '../lib/bad-input-table.mjs';
import { openFdCount } from '../../dist/diff/fs-state.js';
import { rng } from '../lib/random.mjs';
import { testObject } from '../lib/paths.mjs';

const [bpffs, indexesFile, startArg] = process.argv.slice(2);
const indexes = JSON.parse(readFileSync(indexesFile, 'utf8'));
const calls = allCalls();
const silent = () => {};
const random = rng(7);
const print = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

class Unbounded extends Error {}

function classify(e) {
  if (e instanceof WebAssembly.RuntimeError || e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError) {
    return { outcome: 'raw trap', message: String(e.message) };
  }
  if (e instanceof LibbpfError) return { outcome: 'LibbpfError', code: e.code, message: e.message };
  if (e instanceof TypeError) return { outcome: 'TypeError', message: e.message };
  if (e instanceof RangeError) return { outcome: 'RangeError', message: e.message };
  return { outcome: 'other', message: `${e?.constructor?.name ?? typeof e}: ${e?.message ?? String(e)}` };
}

/** `own`: what the test's logger threw. The package holds it while libbpf runs and re-raises
 *  it when the call returns (issue #8's rule): its own identity, and the object still sound
 *  (checked by the health probe), is the expected answer; anything else thrown is classified. */
function attempt(fn, own) {
  try {
    fn();
    return { outcome: 'ok' };
  } catch (e) {
    if (own && own.has(e)) return { outcome: 'logger error re-raised', message: String(e?.message ?? e) };
    return classify(e);
  }
}

/** A fresh object in `state`, and what the table's values need. */
function context(i, state) {
  const dir = `${bpffs}/c${i}`;
  mkdirSync(dir);
  const owned = [];
  const ctx = {
    dir, pinRoot: `${dir}/root`, objectPath: testObject('pin_by_name'), silent, obj: undefined,
    adopt(o) { if (o instanceof BpfObject) owned.push(o); return o; },
    randomBytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256)),
    bounded(iterator, limit) {
      let n = 0;
      for (const _ of iterator) if (++n > limit) throw new Unbounded(`did not end after ${limit} items`);
      return n;
    },
    get liveFd() {
      const other = ctx.adopt(BpfObject.open(testObject('pin_none')));
      other.load();
      Object.defineProperty(ctx, 'liveFd', { value: other.maps[0].fd });
      return ctx.liveFd;
    },
    closeAll() {
      for (const o of owned) {
        try { o.close(); } catch { /* counted through the fds it leaves */ }
      }
    },
  };
  if (state !== 'none') {
    ctx.obj = ctx.adopt(BpfObject.open(ctx.objectPath, { pinRootPath: ctx.pinRoot }));
    if (state !== 'opened') ctx.obj.load();
    if (state === 'closed') ctx.obj.close();
  }
  return ctx;
}

function runCall(i, c) {
  setLogger(silent);
  const before = openFdCount();
  const ctx = context(i, c.state);
  let result;
  let inner;
  if (c.logger) {
    const { reenter, throws, during } = c.logger;
    let fired = false;
    const thrown = new Set();
    const logger = () => {
      if (throws) {
        const e = throws();
        thrown.add(e);
        throw e;
      }
      if (fired) return;
      fired = true;
      inner = attempt(() => reenter(ctx));
    };
    if (during === 'open') {
      setLogger(logger);
      result = attempt(() => ctx.adopt(BpfObject.open(ctx.objectPath, { pinRootPath: ctx.pinRoot })), thrown);
    } else {
      const target = during === 'failing load' ? ctx.adopt(BpfObject.open(testObject('verifier_reject'))) : ctx.obj;
      setLogger(logger);
      result = attempt(() => target.load(), thrown);
    }
    setLogger(silent);
    if (reenter && !fired) inner = { outcome: 'other', message: 'the logger was never called during load()' };
  } else {
    let args;
    result = attempt(() => {
      args = c.args(ctx);
      c.f.call(ctx, args);
    });
    if (result.outcome === 'ok' && args) {
      result.invalidAccepted = c.f.params.some((p, k) => !DOMAINS[p.domain](args[k]));
    }
  }
  setLogger(silent);
  ctx.closeAll();
  // The package must still work after whatever this call did.
  const health = attempt(() => {
    const o = BpfObject.open(testObject('pin_none'));
    try { o.load(); } finally { o.close(); }
  });
  return { ...result, inner, health: health.outcome === 'ok' ? undefined : health, fdsDelta: openFdCount() - before };
}

for (let k = Number(startArg); k < indexes.length; k++) {
  const i = indexes[k];
  print({ start: k });
  const r = runCall(i, calls[i]);
  if (r.message) r.message = r.message.slice(0, 300);
  print({ k, i, ...r });
}
print({ done: true });
