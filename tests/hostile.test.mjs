// A fixed-seed slice of the hostile-object differential fuzz (reliability/hostile.mjs;
// the full run is `node reliability/hostile.mjs`): no crash, hang, escaped exception or
// leaked fd of the product, and native libbpf's results on every mutation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../reliability/hostile.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';

if (kernelTestsCanRun('hostile.test.mjs')) {
  test('300 hostile objects (seed 11): no crash, hang or escape; native libbpf\'s results', async () => {
    const r = await run({ seed: 11, scale: 0.015 });
    const d = r.details;
    const row = (metric) => r.rows.find((x) => x.metric === metric);
    console.log(`hostile objects: ${row('agreement').value}`);
    assert.is(d.counts.total, 300);
    assert.equal(d.productCrashes, [], 'product crashes');
    assert.equal(d.hangs, [], 'hangs');
    assert.equal(d.escapes, [], 'escaped exceptions');
    assert.equal(d.fdsLeaked, [], 'fds leaked');
    assert.equal(d.disagreements, [], 'disagreements not listed in docs/differences.md');
    assert.ok(r.rows.every((x) => x.ok), JSON.stringify(r.rows));
  });
}

runWithFdCheck(test);
