// libbpf-wasm: upstream libbpf 1.1.2, compiled to WebAssembly, from Node.js.
export { BpfObject, type OpenOptions } from './object.js';
export { BpfMap, IterationAbortedError, BatchError } from './map.js';
export { MapCore, type LookupBatchOptions, type LookupBatchResult } from './map-core.js';
export { MapHandle } from './handles/map-handle.js';
export { ProgramHandle } from './handles/program-handle.js';
export { BtfHandle } from './handles/btf-handle.js';
export { LinkHandle } from './handles/link-handle.js';
export { mapIds, programIds, btfIds, linkIds } from './handles/ids.js';
export { BpfProgram } from './program.js';
export type { MapInfo, ProgramInfo, ProgramInfoOptions, BtfInfo, LinkInfo } from './info.js';
export type { TestRunOptions, TestRunResult } from './test-run.js';
export { possibleCpus } from './cpus.js';
export { enableStats, type StatsSession } from './stats.js';
export { LibbpfError, type LibbpfErrorOptions } from './errors.js';
export { setLogger, type Logger, type LogLevel, type LoggerOptions } from './logger.js';
export { MapType, ProgType, AttachType, UpdateFlags, PinType } from './constants.js';
export { libbpfVersion, libbpfFullVersion } from './version.js';
export { BpfLink } from './link.js';
export type { KprobeOptions, KsyscallOptions, UprobeOptions, UsdtOptions, IterOptions, KprobeMultiOptions,
  PerfEventOptions, TraceOptions } from './program.js';
export { xdpAttach, xdpDetach, xdpQuery, XdpFlags, TcHook, TcAttachPoint, type XdpQueryResult, type TcHookOptions,
  type TcFilter, type TcFilterInfo } from './netlink.js';
export { progAttach, progDetach, progQuery, ProgAttachFlags, type ProgQueryResult } from './cgroup-attach.js';
export { Btf, KernelBtf } from './btf/btf.js';
export type { BtfType, BtfTypeOf, BtfMember, BtfEnumValue, BtfParam, BtfVarSecinfo } from './btf/types.js';
export type { BtfKind } from './btf/layout.js';
export type { TypedMap, TypedObject } from './btf/typed-types.js';
export * from './events/index.js';
export { addonStatus, type AddonStatus } from './host/addon.js';
