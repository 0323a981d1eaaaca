// BPF_PROG_TEST_RUN for the event tests, until the facade has prog.testRun(): the addon's
// bpf() on a scratch "module memory" (helpers/host.mjs), as the host tests call it.
import { ModuleMemory } from './host.mjs';

let mem;

/** Runs the program `repeat` times on `dataIn`; returns the program's retval, throws on -errno. */
export function testRun(progFd, dataIn, repeat = 1) {
  mem ??= new ModuleMemory(4);
  mem.next = 64; // reuse the same scratch space on every call
  const data = mem.bytes(dataIn);
  const { r, attr } = mem.bpf('BPF_PROG_TEST_RUN', {
    'test.prog_fd': progFd, 'test.data_in': data, 'test.data_size_in': dataIn.length, 'test.repeat': repeat,
  });
  if (r < 0) throw new Error(`BPF_PROG_TEST_RUN: ${r}`);
  return mem.read(attr, 'bpf_attr', 'test.retval');
}

/** The emit_config packet of tests/bpf/events_emit.bpf.c. */
export function emitConfig(nrec, fixedSize = 0) {
  const b = Buffer.alloc(64);
  b.writeUInt32LE(nrec, 0);
  b.writeUInt32LE(fixedSize, 4);
  return b;
}
