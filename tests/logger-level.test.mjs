// setLogger(logger, { level }): prints beyond the level are not even formatted in the module
// (port/print.c), as native libbpf's default print function drops debug; warnings always
// come, to the logger and into LibbpfError.log.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfObject, LibbpfError, setLogger } from '../dist/index.js';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testObject } from './helpers/objects.mjs';

const object = testObject('pin_by_name');

/** Counts what a logger set with `opts` receives over an open and a failing call (a pin
 *  path that differs from the map's: libbpf warns). */
function received(opts, perObject) {
  const seen = { warn: 0, info: 0, debug: 0 };
  const logger = (level) => { seen[level]++; };
  setLogger(perObject ? () => {} : logger, opts);
  const obj = BpfObject.open(object, perObject ? { logger } : {});
  try {
    let error;
    try {
      obj.map('pinned_hash').pin('/nonexistent-dir/x');
    } catch (e) {
      error = e;
    }
    assert.instance(error, LibbpfError);
    return { seen, log: error.log };
  } finally {
    obj.close();
    setLogger(null);
  }
}

test('a logger receives debug by default', () => {
  const { seen } = received();
  assert.ok(seen.debug > 10, `debug prints: ${seen.debug}`);
  assert.ok(seen.warn >= 1);
});

test("level 'warn': no debug or info, warnings still come and stay in LibbpfError.log", () => {
  const { seen, log } = received({ level: 'warn' });
  assert.is(seen.debug, 0);
  assert.is(seen.info, 0);
  assert.ok(seen.warn >= 1);
  assert.ok(log.some((l) => /already has pin path/.test(l)), log.join('\n'));
});

test("level 'info': no debug", () => {
  assert.is(received({ level: 'info' }).seen.debug, 0);
});

test('an object\'s own logger receives debug whatever the process-wide level', () => {
  assert.ok(received({ level: 'warn' }, true).seen.debug > 10);
});

test('the level goes back to debug when the logger is replaced without one', () => {
  setLogger(() => {}, { level: 'warn' });
  assert.ok(received().seen.debug > 10);
});

test('bad options are a TypeError', () => {
  assert.throws(() => setLogger(() => {}, { level: 'loud' }), (e) => e instanceof TypeError && /level/.test(e.message));
  assert.throws(() => setLogger(() => {}, 5), TypeError);
  assert.throws(() => setLogger(() => {}, null), TypeError);
});

runWithFdCheck(test);
