// obj.globals: global variables by name from their DATASECs. Before load: the maps'
// initial values (the const volatile configuration pattern); after load: the kernel maps,
// checked through bpftool, which decodes the same maps through the same DATASECs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { release } from 'node:os';
import { BpfObject } from '../dist/index.js';
import { kernelTestsCanRun, mountBpffs } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { testObject } from './helpers/objects.mjs';
import { bpftoolJson } from './helpers/bpftool.mjs';

const quiet = { logger: () => {} };
const file = testObject('typed_values');

/** bpftool's view of every global data map of a loaded object: { name: value }. */
function bpftoolGlobals(obj, dir) {
  const out = {};
  for (const m of obj.maps.filter((x) => x.isInternal)) {
    const pin = `${dir}/${m.name.replace(/\W/g, '_')}`;
    m.pin(pin);
    try {
      const [entry] = bpftoolJson(['map', 'dump', 'pinned', pin]);
      for (const vars of Object.values(entry.formatted.value)) for (const v of vars) Object.assign(out, v);
    } finally {
      m.unpin(pin);
    }
  }
  return out;
}

test('before load: every non-static variable of every section, with its initial value', () => {
  const obj = BpfObject.open(file, quiet);
  try {
    assert.equal({ ...obj.globals }, {
      targ_pid: 0, targ_comm: 'none', targ_endpoint: { addr: 1, port: 2 }, event_count: 0n, data_val: 7,
      last_color: 'GREEN', custom_counter: 3, custom_limit: 4, LINUX_KERNEL_VERSION: undefined,
    });
    assert.is(obj.globals, obj.globals, 'one object');
    obj.globals.targ_pid = 42;
    obj.globals.targ_comm = 'bash';
    obj.globals.targ_endpoint = { addr: 0x7f000001, port: 8080 };
    assert.is(obj.globals.targ_pid, 42);
    assert.equal(obj.globals.targ_endpoint, { addr: 0x7f000001, port: 8080 });
  } finally {
    obj.close();
  }
});

test('bad writes: TypeError/RangeError naming the variable; unknown names refused; value unchanged', () => {
  const obj = BpfObject.open(file, quiet);
  try {
    const g = obj.globals;
    assert.throws(() => { g.targ_pid = '42'; }, (e) => e instanceof TypeError && e.message === 'globals.targ_pid: value: expected a number, got "42"');
    assert.throws(() => { g.targ_pid = -1; }, (e) => e instanceof RangeError && /globals.targ_pid: value: expected an integer from 0 to 4294967295/.test(e.message));
    assert.throws(() => { g.targ_endpoint = { addr: 1 }; }, (e) => e instanceof TypeError && /globals.targ_endpoint: value.port: expected a number/.test(e.message));
    assert.throws(() => { g.last_color = 'PINK'; }, (e) => e instanceof RangeError && /"PINK" is not a value of enum color/.test(e.message));
    assert.throws(() => { g.targ_pdi = 1; }, (e) => e instanceof TypeError && e.message.startsWith('globals.targ_pdi: no such global variable (this object has: targ_pid, targ_comm,'));
    assert.throws(() => Object.defineProperty(g, 'x', { value: 1 }), TypeError);
    assert.throws(() => { g.LINUX_KERNEL_VERSION = 1; }, (e) => e instanceof TypeError && /read-only/.test(e.message));
    assert.not.ok('hidden_static' in g, 'static variables are not globals');
    assert.is(g.targ_pid, 0);
    assert.equal(g.targ_endpoint, { addr: 1, port: 2 });
  } finally {
    obj.close();
  }
  assert.throws(() => obj.globals.targ_pid, (e) => e.code === 'EBADF');
});

if (kernelTestsCanRun('globals.test.mjs')) {
  test('set before load reaches the kernel maps (.rodata, .data, custom sections); bpftool agrees', () => {
    const fs = mountBpffs();
    const obj = BpfObject.open(file, quiet);
    try {
      const g = obj.globals;
      Object.assign(g, {
        targ_pid: 4242, targ_comm: 'sshd', targ_endpoint: { addr: 0xffffffff, port: 443 }, event_count: 2n ** 64n - 1n,
        data_val: 100, last_color: 'BLUE', custom_counter: -5, custom_limit: 1000,
      });
      obj.load();
      const expected = {
        targ_pid: 4242, targ_comm: 'sshd', targ_endpoint: { addr: 0xffffffff, port: 443 }, event_count: 2n ** 64n - 1n,
        data_val: 100, last_color: 'BLUE', custom_counter: -5, custom_limit: 1000,
      };
      const [maj, min, patch] = release().split(/[.-]/).map(Number);
      const kver = (maj << 16) + (min << 8) + Math.min(patch, 255);
      assert.equal({ ...g }, { ...expected, LINUX_KERNEL_VERSION: kver });
      const theirs = bpftoolGlobals(obj, fs.dir);
      for (const [k, v] of Object.entries({ ...g })) {
        assert.is(String(theirs[k] instanceof Object ? JSON.stringify(theirs[k]) : theirs[k]),
          String(v instanceof Object ? JSON.stringify(v) : v), k);
      }
    } finally {
      obj.close();
      fs.cleanup();
    }
  });

  test('after load: .data/.bss writes go to the kernel map; .rodata (frozen) and .kconfig are read-only', () => {
    const fs = mountBpffs();
    const obj = BpfObject.open(file, quiet);
    try {
      obj.load();
      const g = obj.globals;
      g.data_val = 0xdeadbeef;
      g.event_count = 12345678901234n;
      g.last_color = 'RED';
      const theirs = bpftoolGlobals(obj, fs.dir);
      assert.equal([theirs.data_val, BigInt(theirs.event_count), theirs.last_color], [0xdeadbeef, 12345678901234n, 'RED']);
      assert.equal([g.data_val, g.event_count, g.last_color, g.custom_counter], [0xdeadbeef, 12345678901234n, 'RED', 3]);
      assert.throws(() => { g.targ_pid = 1; }, (e) => e instanceof TypeError && /read-only after load \(.rodata is frozen\)/.test(e.message));
      assert.throws(() => { g.custom_limit = 1; }, (e) => e instanceof TypeError && /read-only after load/.test(e.message));
      assert.throws(() => { g.LINUX_KERNEL_VERSION = 1; }, TypeError);
      assert.is(g.targ_pid, 0);
      // The global data map itself: its value is a DATASEC, so typed access gives its bytes.
      assert.instance(obj.map('.data').get(new Uint8Array(4)), Uint8Array);
    } finally {
      obj.close();
      fs.cleanup();
    }
  });
}

runWithFdCheck(test);
