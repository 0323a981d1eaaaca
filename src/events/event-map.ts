// What the event buffers accept as a map: a BpfMap of a loaded BpfObject, a MapHandle, or
// any object with { fd, type, maxEntries }. The type is checked here for a clear message;
// the addon then asks the kernel (as libbpf does) and never trusts these numbers for
// sizes.
import { constants } from 'node:os';
import { LibbpfError } from '../errors.js';
import { MapType } from '../bpf-enums.js';

/** What the event classes need of a map: a loaded BpfMap or a MapHandle has it. */
export interface EventMap {
  readonly fd: number;
  readonly type: number;
  readonly maxEntries: number;
}

const typeNames = new Map<number, string>(Object.entries(MapType).map(([k, v]) => [v as number, k]));
const errnoNames = new Map<number, string>(Object.entries(constants.errno).map(([k, v]) => [v, k]));

/** A LibbpfError for a -errno result of the addon (or a negative callback result). */
export function eventError(op: string, negErrno: number, detail: string): LibbpfError {
  const errno = -negErrno;
  const code = errnoNames.get(errno) ?? `E${errno}`;
  return new LibbpfError(op, errno, code, `${op}: ${detail}: ${code} (${errno})`);
}

/** The map's fd, after checking that the map is an object of the expected type. */
export function eventMapFd(op: string, map: unknown, expected: number): number {
  if (typeof map !== 'object' || map === null) {
    throw new TypeError(`${op}: expected a map (a BpfMap, a MapHandle or { fd, type, maxEntries })`);
  }
  const m = map as EventMap;
  // A closed BpfObject's map throws LibbpfError EBADF from these getters: let it through.
  const { type, fd } = m;
  if (typeof type !== 'number' || typeof fd !== 'number') {
    throw new TypeError(`${op}: the map must have numeric fd and type`);
  }
  if (type !== expected) {
    throw eventError(op, -22, `map fd=${fd} is ${typeNames.get(type) ?? `type ${type}`}, not ` +
      `${typeNames.get(expected)}`);
  }
  if (!Number.isInteger(fd) || fd < 0) throw eventError(op, -9, `the map has no fd (${fd}): is it loaded?`);
  return fd;
}
