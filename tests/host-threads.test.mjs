// The addon runs in every thread that imports the package. Two checks:
// 1. worker_threads under load: the main thread and 4 workers, started together, open,
//    load and close BpfObjects and do map ops on them (roles below: fd numbers churn and
//    the process-wide map-info cache grows while other threads read it). Run in child
//    processes; every run must exit cleanly with every value read back right. A crash of
//    the unlocked cache showed here only now and then (a few runs in 40); check 2 is the
//    one that fails on it every time.
// 2. ThreadSanitizer: host/test/tsan_stress.cc calls the host's bpf()/close paths from
//    several threads against real maps, built with -fsanitize=thread; it must report no
//    race. Its --race-selftest mode proves the sanitizer is live (it must catch a race).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runWithFdCheck } from './helpers/fds.mjs';
import { kernelTestsCanRun } from './helpers/kernel.mjs';
import { repoRoot, testObject, u32, u64, readU64 } from './helpers/objects.mjs';

const WORKERS = 4;
const RUNS = 4;
const RUN_MS = 1500;
const CHURN_OPS = 10;
// Thread roles: main thread, then the workers.
const roles = ['grow', 'churn', 'churn', 'ops', 'ops'];

// Until the deadline: a 'churn' thread opens, loads and closes objects with a few map ops
// on each (fd numbers come and go: cache entries are added and dropped); a 'grow' thread
// does the same but keeps its objects open until the end (the cache keeps growing, so
// its table is rebuilt while others read it); an 'ops' thread does update/lookup in a
// tight loop on one object (cache hits from every thread).
// Returns counts; throws on a wrong value.
async function mapLoop(start, tag, role) {
  const { BpfObject, setLogger } = await import('../dist/index.js');
  setLogger(() => {});
  BpfObject.open(testObject('pin_none')).close(); // compile the module before the clock starts
  // Start together: threads come up at different speeds on 2 shared cores.
  Atomics.add(start, 0, 1);
  while (Atomics.load(start, 0) < WORKERS + 1) Atomics.wait(start, 0, Atomics.load(start, 0), 10);
  const deadline = Date.now() + RUN_MS;
  let ops = 0;
  let objects = 0;
  const perObject = role === 'ops' ? Infinity : CHURN_OPS;
  const kept = [];
  while (Date.now() < deadline) {
    const obj = BpfObject.open(testObject('pin_none'));
    if (role === 'grow') kept.push(obj);
    try {
      obj.load();
      const map = obj.map('nopin');
      for (let i = 0; i < perObject && (i & 255 || Date.now() < deadline); i++) {
        const v = BigInt(tag * 1_000_000_000 + i);
        map.update(u32(0), u64(v));
        const got = readU64(map.lookup(u32(0)));
        if (got !== v) throw new Error(`thread ${tag}: read ${got}, wrote ${v}`);
        ops += 2;
      }
    } finally {
      if (role !== 'grow') obj.close();
    }
    objects++;
  }
  for (const o of kept) o.close();
  return { role, ops, objects };
}

if (!isMainThread && workerData?.role === 'map-loop') {
  parentPort.postMessage(await mapLoop(workerData.start, workerData.tag, roles[workerData.tag]));
} else if (process.argv[2] === '--workers-child') {
  const start = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: WORKERS }, (_, i) => new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { role: 'map-loop', start, tag: i + 1 } });
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const main = await mapLoop(start, 0, roles[0]);
  const results = [main, ...(await Promise.all(workers))];
  console.log(JSON.stringify(results));
} else {
  const test = suite('host threads');

  if (kernelTestsCanRun('host-threads.test.mjs')) {
    test(`main thread + ${WORKERS} workers doing map ops: ${RUNS} runs, no crash, every value right`, () => {
      for (let run = 0; run < RUNS; run++) {
        const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--workers-child'], {
          encoding: 'utf8', timeout: 120_000,
        });
        assert.is(r.signal, null, `run ${run}: killed by ${r.signal}\n${r.stderr}`);
        assert.is(r.status, 0, `run ${run}: ${r.stderr}`);
        const results = JSON.parse(r.stdout.trim().split('\n').at(-1));
        assert.is(results.length, WORKERS + 1);
        for (const [i, x] of results.entries()) assert.ok(x.ops > 0 && x.objects > 0, `thread ${i} did work`);
      }
    });

    test('ThreadSanitizer: the host from several threads against real maps reports no race', () => {
      const bin = tsanHarness();
      const env = { ...process.env, TSAN_OPTIONS: 'halt_on_error=1 exitcode=66' };
      const self = spawnSync(bin, ['--race-selftest'], { encoding: 'utf8', env });
      assert.is(self.status, 66, `the sanitizer must catch the planted race:\n${self.stderr}`);
      assert.match(self.stderr, /WARNING: ThreadSanitizer: data race/);
      const r = spawnSync(bin, [], { encoding: 'utf8', env, timeout: 300_000 });
      assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.not.match(r.stderr, /ThreadSanitizer/);
      assert.match(r.stdout, /^ok threads=\d+ ops=\d+/m);
    });
  }

  runWithFdCheck(test);
}

// Builds build/tsan/host_stress from host/src and host/test/tsan_stress.cc when stale.
function tsanHarness() {
  const out = `${repoRoot}build/tsan/host_stress`;
  const src = ['bpf_call', 'bpf_pointer_table', 'bpf_object_kind', 'map_info_cache', 'file_calls', 'bounce_buffers']
    .map((f) => `${repoRoot}host/src/${f}.cc`);
  src.push(`${repoRoot}host/test/tsan_stress.cc`);
  const stale = !existsSync(out) || src.some((f) => statSync(f).mtimeMs > statSync(out).mtimeMs);
  if (stale) {
    mkdirSync(`${repoRoot}build/tsan`, { recursive: true });
    execFileSync('g++', [
      '-std=c++17', '-O1', '-g', '-fsanitize=thread', '-Wall',
      `-I${repoRoot}host/src`, `-I${repoRoot}vendor/libbpf/src/include/uapi`,
      '-o', out, ...src, '-lpthread',
    ], { stdio: 'pipe' });
  }
  return out;
}
