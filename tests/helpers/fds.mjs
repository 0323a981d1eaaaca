// fd-leak check around a test file: the count of /proc/self/fd entries before the first
// test and after the last must be equal.
import { readdirSync } from 'node:fs';
import * as assert from 'uvu/assert';

export const openFdCount = () => readdirSync('/proc/self/fd').length;

/** Registers the leak check on an uvu suite and runs it; call instead of suite.run(). */
export function runWithFdCheck(suite) {
  let before = -1;
  suite.before(() => {
    before = openFdCount();
  });
  suite('no fd leaked by this file', () => {
    assert.is(openFdCount(), before, `open fds: ${before} before the tests, ${openFdCount()} after`);
  });
  suite.run();
}
