// Child process of reliability/hostile.mjs: runs the open + load scenario on each object
// it is sent through the module, by the differential harness's module runner
// (src/diff/run-module.ts: the public facade, reading back what the native runner prints
// after each step), and reports libbpf's results and log. Its own process, so that a crash
// or hang of the product is seen (and survived) by the parent.
import { LibbpfError } from '../../dist/index.js';
import { parseScenario } from '../../dist/diff/scenario.js';
import { runInModule } from '../../dist/diff/run-module.js';

/** A step as the fuzz compares it: libbpf's -errno, a trap (the native counterpart of a
 *  crash), or skipped (open failed). */
const outcome = (step) => (!step ? { skipped: true } : step.crash ? { crash: true } : step.skipped ? { skipped: true } : { ret: step.ret });

process.on('message', ({ id, scn, env }) => {
  let reply;
  try {
    const r = runInModule(parseScenario(scn, 'hostile'), env);
    reply = { id, open: outcome(r.steps[0]), load: outcome(r.steps[1]), log: r.log, fdsLeaked: r.fds_left };
  } catch (e) {
    // run-module turns LibbpfError into results; what reaches here is the facade's own
    // argument errors (TypeError, RangeError) or an escape (a product bug).
    const what = `${e?.name ?? typeof e}: ${e?.message ?? String(e)}`;
    const open = e instanceof TypeError || e instanceof RangeError ? { error: what }
      : e instanceof LibbpfError ? { error: `LibbpfError outside a step: ${what}` } : { escape: what };
    reply = { id, open, load: { skipped: true }, log: [], fdsLeaked: 0 };
  }
  process.send(reply);
});
