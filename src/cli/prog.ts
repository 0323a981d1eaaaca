// `prog list|show|run`: programs in the kernel, named by id or pinned path, as bpftool
// shows them; `run` is BPF_PROG_TEST_RUN on given data.
import { readFileSync, writeFileSync } from 'node:fs';
import { runGroup, countOption, stringOption, type Command, type Context } from './command.js';
import { withTarget, nothingMore, TARGET, type Target } from './target.js';
import { plainHex, textHex } from './format.js';
import { fdinfo, fdinfoNumber } from './fdinfo.js';
import { listCommand, showCommand, type KernelKind } from './kernel-lists.js';
import { enumLabel } from '../enum-names.js';
import { ProgramHandle } from '../handles/program-handle.js';


function openProgram(t: Target): ProgramHandle {
  return 'id' in t ? ProgramHandle.fromId(t.id) : ProgramHandle.fromPinned(t.path);
}

/** Seconds since the epoch of a boot-time timestamp, computed as bpftool does. */
function wallclock(bootNs: bigint): number {
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Math.floor(Date.now() / 1000) - Math.floor(uptime) + Number(bootNs / 1_000_000_000n);
}

/** bpftool's `prog show` record. */
function describe(p: ProgramHandle): Record<string, unknown> {
  const i = p.info();
  const f = fdinfo(p.fd);
  return {
    id: i.id, type: enumLabel('prog', i.type), name: i.name, tag: plainHex(i.tag), gpl_compatible: i.gplCompatible,
    ...(i.runTimeNs ? { run_time_ns: i.runTimeNs, run_cnt: i.runCnt } : {}),
    ...(i.recursionMisses ? { recursion_misses: i.recursionMisses } : {}),
    loaded_at: wallclock(i.loadTime), uid: i.createdByUid, bytes_xlated: i.xlatedProgLen, jited: i.jitedProgLen > 0,
    ...(i.jitedProgLen ? { bytes_jited: i.jitedProgLen } : {}), bytes_memlock: fdinfoNumber(f, 'memlock'),
    ...(i.mapIds.length ? { map_ids: i.mapIds } : {}), ...(i.btfId ? { btf_id: i.btfId } : {}),
  };
}

function showText(ctx: Context, d: Record<string, unknown>): void {
  const s = (k: string) => String(d[k]);
  ctx.out(`${s('id')}: ${s('type')}  name ${s('name')}  tag ${s('tag')}${d.gpl_compatible ? '  gpl' : ''}` +
    `${d.run_time_ns ? `  run_time_ns ${s('run_time_ns')} run_cnt ${s('run_cnt')}` : ''}`);
  ctx.out(`\tloaded_at ${new Date((d.loaded_at as number) * 1000).toISOString().replace(/\.\d+Z$/, '+0000')}  uid ${s('uid')}`);
  ctx.out(`\txlated ${s('bytes_xlated')}B  ${d.jited ? `jited ${s('bytes_jited')}B` : 'not jited'}` +
    `${d.bytes_memlock === undefined ? '' : `  memlock ${s('bytes_memlock')}B`}` +
    `${d.map_ids ? `  map_ids ${(d.map_ids as number[]).join(',')}` : ''}`);
  if (d.btf_id) ctx.out(`\tbtf_id ${s('btf_id')}`);
}

const PROGRAMS: KernelKind<ProgramHandle> = {
  group: 'prog', ids: () => ProgramHandle.ids(), fromId: (id) => ProgramHandle.fromId(id), open: openProgram, describe, showText,
};
const list = listCommand(PROGRAMS, 'every program in the kernel');
const show = showCommand(PROGRAMS, 'one program: type, tag, sizes, maps, BTF');

const run: Command = {
  name: 'prog run', synopsis: `${TARGET} [--data FILE] [--repeat N] [--data-out FILE]`, positionals: [1, 2],
  summary: 'run the program once (or N times) on the bytes of FILE without attaching it (BPF_PROG_TEST_RUN)',
  details: '  --data FILE      input data (a packet for XDP and tc programs); none: no data\n' +
    '  --repeat N       runs; the duration is their average\n  --data-out FILE  where the output data goes',
  options: { data: { type: 'string' }, repeat: { type: 'string' }, 'data-out': { type: 'string' } },
  run(ctx) {
    const repeat = countOption(ctx, 'repeat');
    const dataFile = stringOption(ctx, 'data');
    const outFile = stringOption(ctx, 'data-out');
    const data = dataFile === undefined ? undefined : readFileSync(dataFile);
    return withTarget('prog run', ctx.positionals, nothingMore('prog run'), openProgram, (p) => {
      const r = p.testRun({ ...(data ? { data } : {}), ...(repeat === undefined ? {} : { repeat }) });
      if (outFile) writeFileSync(outFile, r.data);
      if (!ctx.json) {
        ctx.out(`Return value: ${r.retval}, duration${repeat && repeat > 1 ? ' (average)' : ''}: ${r.duration}ns`);
        if (r.data.length && !outFile) ctx.out(`data out (${r.data.length} bytes): ${textHex(r.data.subarray(0, 64))}${r.data.length > 64 ? ' ...' : ''}`);
      }
      return { id: p.id, retval: r.retval, duration: r.duration, data_size_out: r.data.length };
    });
  },
};

export const runProg = (argv: string[]): Promise<number> =>
  runGroup('prog', 'programs in the kernel, named by id or pinned path', [list, show, run], argv);
export { runProg as run };
