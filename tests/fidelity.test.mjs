// The module behaves as libbpf built for the host's CPU (docs/wasm32.md): CPU-dependent
// decisions, 64-bit sizes, libc edge cases. The malformed-object cases are scenarios of
// the differential corpus (tests/scenarios/invalid_*_4g.scn, ...); these need a setup a
// scenario cannot express.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { runWithFdCheck } from './helpers/fds.mjs';
import { repoRoot, testObject } from './helpers/objects.mjs';
import { sections } from '../reliability/hostile/elf-fields.mjs';

// The syscall prefix native libbpf compiles in, by Node's name for the CPU.
const syscallPrefix = { x64: 'x64', arm64: 'arm64', s390x: 's390x', ia32: 'ia32', arm: 'arm',
  ppc64: 'powerpc', riscv64: 'riscv', mips: 'mips', mipsel: 'mips' }[process.arch];

if (kernelTestsCanRun('fidelity.test.mjs')) {
  test('LINUX_HAS_SYSCALL_WRAPPER: the probe runs for the host CPU, as native libbpf\'s does', () => {
    // A private mount namespace where the files libbpf's legacy kprobe probe uses exist:
    // no debugfs tracing dir (so tracefs is used), and tracefs' kprobe_events as a plain
    // file. No kprobe PMU (/sys/bus/event_source/devices/kprobe) on this kernel: legacy mode.
    const script = [
      'set -e',
      'mount -t tmpfs none /sys/kernel/debug',
      'mount -t tmpfs none /sys/kernel/tracing',
      ': > /sys/kernel/tracing/kprobe_events',
      `exec "${process.execPath}" "${repoRoot}tests/fidelity/syscall-wrapper-probe.mjs" ` +
        `"${repoRoot}tests/bpf/build" /sys/kernel/tracing/kprobe_events`,
    ].join('\n');
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.differences, [], JSON.stringify(out.differences));
    // The probe really ran on both sides: each added (and removed) the legacy kprobe of
    // the host's syscall wrapper, and the extern says it exists.
    // (libbpf writes each command without a newline: one write is one command)
    const added = out.kprobeEvents.match(/p:kprobes\/\w+ \w+\+0x0/g) ?? [];
    assert.is(added.length, 2, out.kprobeEvents);
    if (syscallPrefix) for (const l of added) assert.ok(l.endsWith(` __${syscallPrefix}_sys_bpf+0x0`), l);
    assert.equal(out.native[2], { op: 'lookup', ret: 0, value: '01' });
  });

  test('a .bss claiming 1.9 GiB: open costs no more memory or time than native libbpf\'s lazy mmap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-bigbss-'));
    try {
      // kconfig_externs' .bss, grown to 1.9 GiB (NOBITS: the file stays small).
      const obj = Buffer.from(readFileSync(testObject('kconfig_externs')));
      const bss = sections(obj).find((s) => s.name === '.bss');
      obj.writeBigUInt64LE(BigInt(1.9 * 2 ** 30 & ~7), bss.hdrOff + 0x20); // sh_size
      const path = join(dir, 'big_bss.bpf.o');
      writeFileSync(path, obj);
      const child = `
        import { BpfObject } from '${repoRoot}dist/index.js';
        import { setLogger } from '${repoRoot}dist/index.js';
        setLogger(() => {});
        const rss0 = process.memoryUsage().rss, t0 = process.hrtime.bigint();
        const o = BpfObject.open(${JSON.stringify(path)});
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const grew = process.memoryUsage().rss - rss0;
        console.log(JSON.stringify({ ms, grew, maps: o.maps.map((m) => [m.name, m.valueSize]) }));
        o.close();`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' });
      assert.is(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.ok(out.maps.some(([n, v]) => n.endsWith('.bss') && v === (1.9 * 2 ** 30 & ~7)), r.stdout);
      // Before the fix: 20 s and 1.9 GiB resident. Bounds far above noise, far below that.
      assert.ok(out.grew < 256 * 2 ** 20, `open grew RSS by ${(out.grew / 2 ** 20).toFixed(0)} MiB`);
      assert.ok(out.ms < 5000, `open took ${out.ms.toFixed(0)} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

runWithFdCheck(test);
