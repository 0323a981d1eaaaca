// BPF_PROG_TEST_RUN for the event tests, through the facade's prog.testRun().
import { ProgramHandle } from '../../dist/index.js';

/**
 * Runs `prog` (a BpfProgram or ProgramHandle) `repeat` times on `dataIn`; returns the
 * program's retval. Errors are the facade's LibbpfError.
 */
export function testRun(prog, dataIn, repeat = 1) {
  return prog.testRun({ data: dataIn, repeat }).retval;
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
