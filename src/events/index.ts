// Events from BPF programs: ring buffers, perf buffers, user ring buffers.
export { RingBuffer, ringBuffer, type RingBufferCallback } from './ring-buffer.js';
export { PerfBuffer, perfBuffer, type PerfBufferOptions, type PerfEvent } from './perf-buffer.js';
export { UserRingBuffer, type UserRingBufferSample } from './user-ring-buffer.js';
export type { EventMap } from './event-map.js';
