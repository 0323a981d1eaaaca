// libbpf-wasm: upstream libbpf 1.1.2, compiled to WebAssembly, from Node.js.
export { BpfObject, type OpenOptions } from './object.js';
export { BpfMap, IterationAbortedError } from './map.js';
export { BpfProgram } from './program.js';
export type { MapInfo } from './kernel-structs.js';
export { LibbpfError } from './errors.js';
export { setLogger, type Logger, type LogLevel } from './logger.js';
export { MapType, ProgType, AttachType, UpdateFlags, PinType } from './constants.js';
export { libbpfVersion } from './version.js';
export { BpfLink, type LinkInfo } from './link.js';
export type { KprobeOptions, KsyscallOptions, UprobeOptions, UsdtOptions, IterOptions } from './program.js';
export { xdpAttach, xdpDetach, xdpQuery, XdpFlags, TcHook, TcAttachPoint, type XdpQueryResult, type TcHookOptions,
  type TcFilter, type TcFilterInfo } from './netlink.js';
export { progAttach, progDetach, progQuery, ProgAttachFlags, type ProgQueryResult } from './cgroup-attach.js';
