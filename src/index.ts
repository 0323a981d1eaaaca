// libbpf-wasm: upstream libbpf 1.1.2, compiled to WebAssembly, from Node.js.
export { BpfObject, type OpenOptions } from './object.js';
export { BpfMap, IterationAbortedError } from './map.js';
export { BpfProgram } from './program.js';
export type { MapInfo } from './kernel-structs.js';
export { LibbpfError } from './errors.js';
export { setLogger, type Logger, type LogLevel } from './logger.js';
export { MapType, ProgType, AttachType, UpdateFlags, PinType } from './constants.js';
export { libbpfVersion } from './version.js';
export * from './events/index.js';
