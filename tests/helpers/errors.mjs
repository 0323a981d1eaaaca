// Asserting on LibbpfError.
import * as assert from 'uvu/assert';
import { LibbpfError } from '../../dist/index.js';

/** Runs fn, expects a LibbpfError with `errno`, returns it. */
export function throwsErrno(fn, errno) {
  try {
    fn();
  } catch (e) {
    assert.instance(e, LibbpfError, String(e));
    assert.is(e.errno, errno, e.message);
    return e;
  }
  assert.unreachable(`expected errno ${errno}`);
}
