// The addon's event-buffer functions (host/src/events_addon.cc): the data plane of ring,
// perf and user ring buffers, and the fd watch that delivers them on the event loop.
import { hostAddon } from '../host/addon.js';

/** An opaque reader or watch handle (a N-API External). */
export type Handle = { readonly __handle: unique symbol };

export interface EventsAddon {
  ringbufOpen(mapFd: number): Handle | number;
  ringbufFill(h: Handle, out: ArrayBuffer, meta: ArrayBuffer, fresh: boolean): number;
  ringbufCommit(h: Handle, delivered: number): number;
  ringbufInfo(h: Handle): { fd: number; size: number };
  ringbufClose(h: Handle): void;
  perfBufferOpen(mapFd: number, pageCount: number): Handle | number;
  perfBufferFill(h: Handle, out: ArrayBuffer, meta: ArrayBuffer, fresh: boolean): number;
  perfBufferCommit(h: Handle, delivered: number): number;
  perfBufferCpus(h: Handle): { cpu: number; fd: number }[];
  perfBufferClose(h: Handle): void;
  userRingbufOpen(mapFd: number): Handle | number;
  userRingbufReserve(h: Handle, size: number): number;
  userRingbufCommit(h: Handle, offset: number, bytes: Uint8Array | null, discard: boolean): number;
  userRingbufClose(h: Handle): void;
  watchFd(fd: number, cb: (status: number) => void): Handle;
  unwatch(h: Handle): void;
}

export function eventsAddon(): EventsAddon {
  return hostAddon() as unknown as EventsAddon;
}
