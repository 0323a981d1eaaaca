// A user's program against libbpf-wasm's published declarations, compiled with tsc
// (strict, skipLibCheck false, lib ES2022 only) as ESM and as CommonJS under node16,
// nodenext and bundler resolution (tests/declarations.test.mjs, tests/tarball.test.mjs).
// The @ts-expect-error lines prove the types are real: with `any` they would be errors.
import {
  BpfObject, BpfMap, LibbpfError, MapHandle, UpdateFlags, MapType, addonStatus, libbpfVersion, setLogger,
  type AddonStatus, type LogLevel, type MapInfo, type TypedMap,
} from 'libbpf-wasm';

const previous = setLogger((level: LogLevel, message: string) => {
  if (level === 'warn') process.stderr.write(message);
});
setLogger(previous);

const status: AddonStatus = addonStatus();
const where: string = status.available ? status.path : status.reason;
const version: string = libbpfVersion();

export function countersOf(path: string): Array<[number, bigint]> {
  const obj = BpfObject.open(path, { pinRootPath: '/tmp/bpffs' });
  try {
    const counters: BpfMap | undefined = obj.map('counters');
    if (!counters) return [];
    const sizes: number[] = [counters.keySize, counters.valueSize, counters.maxEntries];
    if (counters.type === MapType.ARRAY) counters.update(new Uint8Array(sizes.length), new Uint8Array(8), UpdateFlags.ANY);
    const out: Array<[number, bigint]> = [];
    for (const key of counters.keys()) {
      const value: Uint8Array | undefined = counters.lookup(key);
      if (value) out.push([new DataView(key.buffer).getUint32(0, true), new DataView(value.buffer).getBigUint64(0, true)]);
    }
    return out;
  } catch (e) {
    if (e instanceof LibbpfError) {
      const fields: [string, number, string, readonly string[]] = [e.code, e.errno, e.op, e.log];
      throw new Error(fields.join(' '), { cause: e });
    }
    throw e;
  } finally {
    obj.close();
  }
}

export function pinnedInfo(path: string): MapInfo {
  using map = MapHandle.fromPinned(path);
  return map.info();
}

export function typed(map: TypedMap<number, bigint>): bigint | undefined {
  return map.get(0);
}

// @ts-expect-error a number is not a path or bytes
BpfObject.open(42);
// @ts-expect-error LibbpfError has no such field
new LibbpfError('op', 1, 'EPERM', 'm').nope;
// @ts-expect-error constructed by BpfObject.open only
new BpfObject();

export const facts = { where, version };
