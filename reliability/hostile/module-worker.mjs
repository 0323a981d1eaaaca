// Child process of reliability/hostile.mjs: opens and loads each object it is sent through
// the public facade, as a user would, and reports libbpf's results and log. Runs in its
// own process so that a crash or hang of the product is seen (and survived) by the parent.
import { readdirSync } from 'node:fs';
import { BpfObject, LibbpfError, setLogger } from '../../dist/index.js';

const fdCount = () => readdirSync('/proc/self/fd').length;

/** What a throw means: libbpf's -errno, a trap (the native counterpart of a crash), the
 *  facade's own argument errors, or anything else (an escape: a product bug). */
function outcome(e) {
  if (e instanceof LibbpfError) return e.code === 'EWASMTRAP' ? { crash: true } : { ret: -e.errno };
  if (e instanceof TypeError || e instanceof RangeError) return { error: `${e.name}: ${e.message}` };
  return { escape: `${e?.name ?? typeof e}: ${e?.message ?? String(e)}` };
}

process.on('message', ({ id, path, pinRoot }) => {
  const log = [];
  setLogger((level, message) => {
    for (const line of message.replace(/\n$/, '').split('\n')) log.push(`${level}: ${line}`);
  });
  const fdsBefore = fdCount();
  let open;
  let load = { skipped: true };
  let obj;
  try {
    obj = BpfObject.open(path, { pinRootPath: pinRoot });
    open = { ret: 0 };
  } catch (e) {
    open = outcome(e);
  }
  if (obj) {
    try {
      obj.load();
      load = { ret: 0 };
    } catch (e) {
      load = outcome(e);
    }
    try {
      obj.close();
    } catch (e) {
      load = { ...load, closeEscape: outcome(e) };
    }
  }
  process.send({ id, open, load, log, fdsLeaked: fdCount() - fdsBefore });
});
