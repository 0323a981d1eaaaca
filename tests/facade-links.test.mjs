// BpfLink ownership in the facade: a link belongs to its object's instance (closing the
// object releases it; destroy afterwards is a no-op), `using` destroys it, and a link
// opened from a pin has an instance of its own that destroy() releases.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BpfLink, BpfObject, LibbpfError } from '../dist/index.js';
import { openFdCount, runWithFdCheck } from './helpers/fds.mjs';
import { kernelTestsCanRun, mountBpffs, pinsUnder } from './helpers/kernel.mjs';
import { testObject } from './helpers/objects.mjs';

const test = suite('links (facade)');

function loaded() {
  const obj = BpfObject.open(testObject('attach_progs'));
  obj.load();
  return obj;
}

test('closing the object releases its links; destroy afterwards does nothing', () => {
  const fds = openFdCount();
  const obj = loaded();
  const link = obj.program('raw_tp_sys_enter').attach();
  assert.ok(link.fd > 0);
  assert.not.ok(link.destroyed);
  obj.close();
  assert.ok(link.destroyed);
  link.destroy();
  assert.throws(() => link.info(), (e) => e instanceof LibbpfError && e.code === 'EBADF');
  assert.is(openFdCount(), fds);
});

test('Symbol.dispose (what `using` calls) destroys the link; the object goes on', () => {
  const obj = loaded();
  try {
    const link = obj.program('raw_tp_sys_enter').attach();
    assert.ok(link.fd > 0);
    link[Symbol.dispose]();
    assert.ok(link.destroyed);
    const again = obj.program('raw_tp_sys_enter').attach();
    assert.ok(again.fd > 0);
    again.destroy();
  } finally {
    obj.close();
  }
});

test('a pinned link opened by path: its own instance, released by destroy; pin errors are libbpf\'s', () => {
  const fs = mountBpffs();
  const obj = loaded();
  try {
    const link = obj.program('raw_tp_sys_enter').attach();
    link.pin(`${fs.dir}/l`);
    assert.is(link.pinPath, `${fs.dir}/l`);
    assert.throws(() => link.pin(`${fs.dir}/l2`), (e) => e instanceof LibbpfError && e.code === 'EBUSY'); // already pinned
    const fds = openFdCount();
    const other = BpfLink.fromPinned(`${fs.dir}/l`);
    assert.is(other.info().id, link.info().id);
    assert.is(openFdCount(), fds + 1);
    other.destroy();
    assert.is(openFdCount(), fds);
    link.unpin();
    link.destroy();
    assert.equal(pinsUnder(fs.dir), []);
    assert.throws(() => BpfLink.fromPinned(''), TypeError);
    assert.throws(() => BpfLink.fromPinned(`${fs.dir}/missing`), (e) => e.code === 'ENOENT');
  } finally {
    obj.close();
    fs.cleanup();
  }
});

test('update() needs a loaded program', () => {
  const obj = loaded();
  const o2 = BpfObject.open(testObject('attach_progs'));
  try {
    const link = obj.program('raw_tp_sys_enter').attach();
    assert.throws(() => link.update({}), TypeError);
    assert.throws(() => link.update(o2.program('raw_tp_sys_enter')), /not loaded/);
    link.destroy();
  } finally {
    o2.close();
    obj.close();
  }
});

if (kernelTestsCanRun('facade-links.test.mjs')) runWithFdCheck(test);
