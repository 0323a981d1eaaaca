// Bad input: every public function and constructor of the package called with wrong types,
// wrong sizes, strings with NULs, huge and negative numbers, 2**32+fd, NaN, in each object
// state (opened, loaded, closed: use after close, double close), plus re-entrant calls from
// the logger during load() and loggers that throw. The calls come from the table in
// lib/bad-input-table.mjs (function x argument position x bad value) and run in a child
// process, so that a crash or a hang is counted, and the run resumes after it.
//
// Targets: 0 crashes, 0 hangs, 0 raw traps (WebAssembly.RuntimeError), 0 other exceptions
// (anything but LibbpfError, TypeError, RangeError; a logger's own exception escaping is
// "other"), 0 module traps (EWASMTRAP), 0 calls leaving fds open, 0 invalid arguments
// accepted (a value outside the documented domain must not succeed), and the package
// still working after every call.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { allCalls } from './lib/bad-input-table.mjs';
import { childScript } from './lib/paths.mjs';
import { withBpffs } from './lib/bpffs.mjs';
import { sample } from './lib/random.mjs';

const HANG_MS = 30_000;

/** Runs the child from `start`; resolves with its result lines and how it ended. */
function runFrom(bpffs, indexesFile, start) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [childScript('bad-input'), bpffs, indexesFile, String(start)],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    let pending = '';
    let stderr = '';
    let hung = false;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, HANG_MS);
    };
    arm();
    child.stdout.setEncoding('utf8').on('data', (d) => {
      arm();
      const parts = (pending + d).split('\n');
      pending = parts.pop();
      for (const p of parts) if (p) lines.push(JSON.parse(p));
    });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ lines, status, signal, hung, stderr });
    });
  });
}

export async function run({ seed = 1, scale = 1, log = () => {} } = {}) {
  const calls = allCalls();
  // A slice samples the table's calls; the logger cases (a few dozen) always run.
  const tableCalls = calls.map((c, i) => (c.logger ? -1 : i)).filter((i) => i >= 0);
  const loggerCalls = calls.map((c, i) => (c.logger ? i : -1)).filter((i) => i >= 0);
  const indexes = [...sample(tableCalls, scale, seed), ...loggerCalls];
  const tmp = mkdtempSync(join(tmpdir(), 'libbpf-wasm-bad-input-'));
  const indexesFile = join(tmp, 'indexes.json');
  writeFileSync(indexesFile, JSON.stringify(indexes));
  const results = [];
  try {
    await withBpffs(async (bpffs) => {
      let start = 0;
      while (start < indexes.length) {
        const r = await runFrom(bpffs, indexesFile, start);
        let next = indexes.length;
        let current;
        for (const line of r.lines) {
          if ('start' in line) current = line.start;
          else if ('k' in line) { results.push(line); current = undefined; }
        }
        if (!r.lines.some((l) => l.done)) {
          // Crashed or hung at `current` (or before the first call: nothing to resume).
          const k = current ?? start;
          results.push({ k, i: indexes[k], outcome: r.hung ? 'hang' : 'crash',
            message: `exit ${r.signal ?? r.status}: ${r.stderr.slice(-300)}` });
          next = k + 1;
        }
        start = next;
        log(`bad-input: ${results.length}/${indexes.length} calls`);
      }
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const described = results.map((r) => ({ ...r, fn: calls[r.i].fn, state: calls[r.i].state,
    param: calls[r.i].param, value: calls[r.i].value }));
  const outcomes = {};
  const tally = (o) => { outcomes[o] = (outcomes[o] ?? 0) + 1; };
  for (const r of described) {
    tally(r.outcome);
    if (r.inner) tally(r.inner.outcome);
  }
  const count = (f) => described.filter(f).length;
  const is = (o) => (r) => r.outcome === o || r.inner?.outcome === o;
  const row = (metric, value, target, ok) => ({ metric, value, target, ok });
  const zero = (metric, n) => row(metric, n, 0, n === 0);
  const order = ['ok', 'LibbpfError', 'TypeError', 'RangeError', 'logger error re-raised', 'raw trap', 'other', 'crash', 'hang'];
  const failing = described.filter((r) => ['raw trap', 'other', 'crash', 'hang'].includes(r.outcome) ||
    ['raw trap', 'other'].includes(r.inner?.outcome) || r.fdsDelta || r.invalidAccepted || r.health ||
    r.code === 'EWASMTRAP' || r.inner?.code === 'EWASMTRAP');
  return {
    part: 'bad-input',
    rows: [
      row(`calls (of ${calls.length} in the table)`, described.length, '-', null),
      row('outcomes', order.filter((o) => outcomes[o]).map((o) => `${o} ${outcomes[o]}`).join(', '), '-', null),
      zero('crashes', count(is('crash'))),
      zero('hangs', count(is('hang'))),
      zero('raw traps (WebAssembly.RuntimeError)', count(is('raw trap'))),
      zero('other exceptions', count(is('other'))),
      // A trap is the module's last line of defence for objects on which native libbpf
      // crashes; none of these calls passes a malformed object, so a trap here is a bug.
      zero('module traps (LibbpfError EWASMTRAP)', count((r) => r.code === 'EWASMTRAP' || r.inner?.code === 'EWASMTRAP')),
      zero('calls leaving fds open', count((r) => r.fdsDelta > 0)),
      zero('invalid arguments accepted', count((r) => r.invalidAccepted)),
      zero('package broken after the call', count((r) => r.health)),
    ],
    details: { outcomes, failing },
  };
}
