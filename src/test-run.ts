// BPF_PROG_TEST_RUN through libbpf's bpf_prog_test_run_opts: run a loaded program once
// (or `repeat` times) on given input without attaching it. Shared by BpfProgram and
// ProgramHandle.
import type { ModuleInstance } from './module/instance.js';
import { bytesArg, u32Arg } from './args.js';

/** Input of a test run (struct bpf_test_run_opts). */
export interface TestRunOptions {
  /** Packet (or other data) input: data_in. */
  data?: Uint8Array;
  /** Context input (e.g. struct xdp_md, __sk_buff): ctx_in. */
  ctx?: Uint8Array;
  /** Runs (duration is the average); 0 or 1: once. */
  repeat?: number;
  /** Room for the output data; default data's length + 4096 (programs may grow the packet). */
  dataSizeOut?: number;
  /** Room for the output context; default ctx's length. */
  ctxSizeOut?: number;
  /** BPF_F_TEST_RUN_ON_CPU, BPF_F_TEST_XDP_LIVE_FRAMES. */
  flags?: number;
  cpu?: number;
  batchSize?: number;
}

/**
 * Output of a test run: the program's return value, the data and context it left, and the time per
 * run.
 */
export interface TestRunResult {
  retval: number;
  /** The output data as the kernel reports its length (data_size_out). */
  data: Uint8Array;
  ctx: Uint8Array;
  /** Average ns per run. */
  duration: number;
}

const KEYS = new Set(['data', 'ctx', 'repeat', 'dataSizeOut', 'ctxSizeOut', 'flags', 'cpu', 'batchSize']);
const OUT_ROOM = 4096;

export function testRun(inst: ModuleInstance, op: string, fd: number, label: string, opts: TestRunOptions): TestRunResult {
  if (typeof opts !== 'object' || opts === null) throw new TypeError(`${op}: options must be an object`);
  for (const k of Object.keys(opts)) if (!KEYS.has(k)) throw new TypeError(`${op}: unknown option '${k}'`);
  const data = opts.data === undefined ? undefined : bytesArg(op, 'data', opts.data);
  const ctx = opts.ctx === undefined ? undefined : bytesArg(op, 'ctx', opts.ctx);
  const dataOut = opts.dataSizeOut === undefined ? (data ? data.length + OUT_ROOM : 0)
    : u32Arg(op, 'dataSizeOut', opts.dataSizeOut);
  const ctxOut = opts.ctxSizeOut === undefined ? (ctx?.length ?? 0) : u32Arg(op, 'ctxSizeOut', opts.ctxSizeOut);
  const repeat = u32Arg(op, 'repeat', opts.repeat ?? 0);
  if (repeat > 0x7fffffff) throw new RangeError(`${op}: repeat must fit an int`);
  const flags = u32Arg(op, 'flags', opts.flags ?? 0);
  const cpu = u32Arg(op, 'cpu', opts.cpu ?? 0);
  const batchSize = u32Arg(op, 'batchSize', opts.batchSize ?? 0);
  const dl = data?.length ?? 0;
  const cl = ctx?.length ?? 0;
  if (16 + dl + cl + dataOut + ctxOut > 0x40000000) throw new RangeError(`${op}: buffers too large`);
  // [io: 4 x u32][data in][ctx in][data out][ctx out]
  let io = 0;
  const r = inst.invoke(op, (ex) => {
    io = inst.scratch(16 + dl + cl + dataOut + ctxOut);
    const din = io + 16;
    const cin = din + dl;
    const dout = cin + cl;
    const cout = dout + dataOut;
    if (data) inst.u8.set(data, din);
    if (ctx) inst.u8.set(ctx, cin);
    inst.view.setUint32(io, dataOut, true);
    inst.view.setUint32(io + 4, ctxOut, true);
    return ex.lbw_prog_test_run(fd, data ? din : 0, dl, dataOut ? dout : 0, ctx ? cin : 0, cl, ctxOut ? cout : 0,
      io, repeat, flags, cpu, batchSize);
  });
  if (r < 0) throw inst.error(op, r, label);
  const v = inst.view;
  const dout = io + 16 + dl + cl;
  const dn = Math.min(v.getUint32(io, true), dataOut);
  const cn = Math.min(v.getUint32(io + 4, true), ctxOut);
  return {
    retval: v.getUint32(io + 8, true),
    data: inst.u8.slice(dout, dout + dn),
    ctx: inst.u8.slice(dout + dataOut, dout + dataOut + cn),
    duration: v.getUint32(io + 12, true),
  };
}
