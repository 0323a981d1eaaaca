// Host calls of a lifecycle run, seen and failed with strace, the same way for the native
// runner and for a Node child: the syscall itself fails, so each side's own code (libbpf
// in C, or libbpf in wasm behind the host addon) handles exactly what the kernel answered.
//
// Both lifecycle runners count their fds before the steps and after them by opening
// /proc/self/fd: those two openat calls bracket the steps ("the region"). A call is named
// by its signature (a kind such as "bpf:BPF_MAP_CREATE" or "mkdir:$RUN/r", stable between
// runs and between the two runners) and its occurrence among calls of that signature, and
// is failed with strace's per-thread counter of its syscall name (`when=N`, counted from
// the thread's start). Each injected run is checked to have hit the intended call.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from './child.mjs';

/** Syscalls a host call or libbpf can make (mmap and write excluded: V8 and stdout make
 *  them at any time), plus getdents64 for the markers. */
export const TRACED = ['bpf', 'openat', 'open', 'close', 'read', 'pread64', 'readv', 'preadv', 'lseek',
  'newfstatat', 'fstat', 'statfs', 'mkdir', 'mkdirat', 'unlink', 'unlinkat', 'faccessat', 'faccessat2',
  'access', 'dup', 'dup3', 'fcntl', 'uname', 'prlimit64', 'getrlimit', 'setrlimit', 'getdents64'];

/** Not failed: getdents64 only serves the markers; close() releases the fd on Linux even
 *  when it reports an error, while an injected error skips the call and would make a leak
 *  that no real kernel answer can make. */
const NOT_INJECTED = new Set(['getdents64', 'close']);

const KIND = { openat: 'open', mkdirat: 'mkdir', unlinkat: 'unlink', faccessat: 'access', faccessat2: 'access',
  pread64: 'read', preadv: 'read', readv: 'read', getrlimit: 'prlimit64', dup3: 'dup' };

/** One strace line (-ff: one thread per file) -> { name, args, ret } */
function parseLine(line) {
  const m = line.match(/^(\w+)\((.*)\)\s+= (.*)$/);
  return m ? { name: m[1], args: m[2], ret: m[3] } : undefined;
}

function firstString(args) {
  return args.match(/"((?:[^"\\]|\\.)*)"/)?.[1];
}

/** The call's signature: its kind, and what it acts on (bpf command, path) but no fd numbers. */
function signature(call, run) {
  const norm = (p) => (p ?? '').replaceAll(run, '$RUN');
  let kind = KIND[call.name] ?? call.name;
  if (call.name === 'bpf') {
    const cmd = call.args.split(',')[0];
    const path = /BPF_OBJ_(PIN|GET)/.test(cmd) ? `:${norm(call.args.match(/pathname="([^"]*)"/)?.[1])}` : '';
    return `bpf:${cmd}${path}`;
  }
  // fd calls name their file (strace -y), so the module's own loading (the addon, the
  // .wasm) is told apart from libbpf's reads of the object.
  const fdPath = norm(call.args.match(/^-?\d+<([^>]*)>/)?.[1]);
  if (call.name === 'newfstatat' && /^\d+(<[^>]*>)?, ""/.test(call.args)) kind = 'fstat';
  if (call.name === 'fcntl') return `fcntl:${call.args.split(', ')[1]}:${fdPath}`;
  if (['read', 'fstat', 'lseek', 'dup'].includes(kind)) return `${kind}:${fdPath}`;
  if (['open', 'mkdir', 'unlink', 'access', 'statfs', 'newfstatat'].includes(kind) && kind !== 'fstat') {
    return `${kind}:${norm(firstString(call.args))}`;
  }
  return kind;
}

/** The thread file holding the markers, as lines ("<unfinished>" halves joined). */
function mainThreadLines(dir) {
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (!text.includes('"/proc/self/fd"')) continue;
    const lines = [];
    for (const line of text.split('\n')) {
      const resumed = line.match(/^<\.\.\. \w+ resumed>(.*)$/);
      if (resumed && lines.length) lines[lines.length - 1] = lines[lines.length - 1].replace(/ <unfinished \.\.\.>$/, '') + resumed[1];
      else if (line) lines.push(line);
    }
    return lines;
  }
  return [];
}

async function strace(argv, straceArgs) {
  const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-strace-'));
  try {
    const r = await runChild('strace', ['-f', '-ff', '-y', '--seccomp-bpf', '-qq', '-e', 'signal=none',
      '-o', join(dir, 't'), ...straceArgs, ...argv]);
    return { ...r, lines: mainThreadLines(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs argv under strace without injection. `run` is the directory the run's paths live in
 * (replaced by $RUN in signatures). Returns the child's result and the region's calls:
 * [{ name, sig, occurrence (of sig in the region), index (of name in the thread, 1-based), line }].
 */
const MARKER = '/proc/self/fd';

/** The files a call names: paths in its string arguments and the files behind its fds (-y). */
function pathsOf(call) {
  const fdPaths = [...call.args.matchAll(/\d+<([^>]*)>/g)].map((m) => m[1]);
  const strings = [...call.args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
  return [...fdPaths, ...strings].filter((p) => p.startsWith('/'));
}

/** The file a call acts on, when it has one (bpf's pathname lives inside its attr, which
 *  strace -P does not look into: bpf is counted per thread, and Node never calls bpf). */
function fileOf(call) {
  if (call.name === 'bpf') return undefined;
  return pathsOf(call).find((p) => p !== MARKER && !p.startsWith('/proc/') && !/^(anon_inode|socket|pipe):/.test(p));
}

/**
 * Runs argv under strace without injection. `run` is the directory the run's paths live in
 * (replaced by $RUN in signatures). Returns the child's result and the region's calls:
 * [{ name, sig, occurrence (of sig in the region), file, index, line }]. `index` is what
 * strace's when= counts for that call: among the thread's calls of that name, or, for a
 * call on a file, among those of that name on that file or the marker (injection runs
 * with -P FILE -P /proc/self/fd: Node's own reads, such as libuv's eventfd, vary from run
 * to run, but never touch the package's files).
 */
export async function traceRegion(argv, run) {
  const r = await strace(argv, ['-e', `trace=${TRACED.join(',')}`]);
  const counts = new Map();
  const bump = (k) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const occurrences = new Map();
  const calls = [];
  let markers = 0;
  let inRegion = false;
  for (const line of r.lines) {
    const call = parseLine(line);
    if (!call) continue;
    bump(call.name);
    const paths = new Set(pathsOf(call));
    for (const p of paths) bump(`${call.name}\0${p}`);
    if (call.name === 'openat' && paths.has(MARKER)) {
      markers += 1;
      inRegion = false;
      continue;
    }
    // The region opens at the close that ends the first marker's directory read.
    if (markers === 1 && !inRegion) {
      if (call.name === 'close') inRegion = true;
      continue;
    }
    if (!inRegion || NOT_INJECTED.has(call.name)) continue;
    const sig = signature(call, run);
    const occurrence = (occurrences.get(sig) ?? 0) + 1;
    occurrences.set(sig, occurrence);
    const file = fileOf(call);
    const index = file
      ? (counts.get(`${call.name}\0${file}`) ?? 0) + (paths.has(MARKER) ? 0 : counts.get(`${call.name}\0${MARKER}`) ?? 0)
      : counts.get(call.name);
    // The file as a pattern: an injected run has a run directory of its own.
    calls.push({ name: call.name, sig, occurrence, file: file?.replaceAll(run, '$RUN'), index, line });
  }
  if (markers < 2) throw new Error(`strace: expected 2 markers in ${argv.join(' ')}, saw ${markers}\n${r.stderr}`);
  return { result: r, calls };
}

/** Runs argv with `call` failing with `errno`; `hit` says the injected call was the intended one. */
export async function injectAt(argv, run, call, errno) {
  // openat is traced too: its /proc/self/fd marker tells the main thread's file.
  const paths = call.file ? ['-P', call.file.replaceAll('$RUN', run), '-P', MARKER] : [];
  const r = await strace(argv, ['-e', `trace=${[...new Set([call.name, 'openat'])].join(',')}`, ...paths,
    '-e', `inject=${call.name}:error=${errno}:when=${call.index}`]);
  const injected = r.lines.map(parseLine).filter((c) => c && /\(INJECTED\)/.test(c.ret));
  const hit = injected.length === 1 && signature(injected[0], run) === call.sig;
  return { result: r, hit, injected: injected.map((c) => `${c.name}(${c.args.slice(0, 80)})`) };
}
