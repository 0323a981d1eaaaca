// BPF_PROG_TEST_RUN for the event tests, through the facade's prog.testRun().
import { ProgramHandle } from '../../dist/index.js';

/**
 * Runs `prog` (a BpfProgram or ProgramHandle) `repeat` times on `dataIn`; returns the
 * program's retval. Errors are the facade's LibbpfError.
 */
export function testRun(prog, dataIn, repeat = 1) {
  return prog.testRun({ data: dataIn, repeat }).retval;
}

/**
 * prog.testRun(opts), run again when the kernel answered EINTR: BPF_PROG_TEST_RUN with a
 * repeat count gives up with EINTR whenever a signal (or task work) is pending for the
 * thread between two runs, as it does for native libbpf's callers; a test process that
 * spawns helpers (mount, umount) now and then meets one. For tests whose assertions hold
 * whatever extra runs happened (retval, counters that only grow).
 */
export function testRunRetryingEintr(prog, opts) {
  for (let attempt = 1; ; attempt++) {
    try {
      return prog.testRun(opts);
    } catch (e) {
      if (e?.errno !== 4 || attempt === 5) throw e;
    }
  }
}

/** A ProgramHandle on a program fd another thread passed (closed by the caller). */
export const programFromFd = (fd) => ProgramHandle.fromFd(fd);

/** The emit_config packet of tests/bpf/events_emit.bpf.c. */
export function emitConfig(nrec, fixedSize = 0) {
  const b = Buffer.alloc(64);
  b.writeUInt32LE(nrec, 0);
  b.writeUInt32LE(fixedSize, 4);
  return b;
}
