// The callbacks of the events benchmark (bench/events.mjs), shared by the measured side
// and the floor (bench/events-floor.mjs) so that both run the very same code: read the
// first byte of each record, count it (native's events_bench.c callbacks do the same).
export function benchCallbacks() {
  const state = { seen: 0, sum: 0 };
  return {
    state,
    onRecord: (d) => { state.sum += d[0]; state.seen++; },
    onSample: (cpu, d) => { state.sum += d[0]; state.seen++; },
  };
}
