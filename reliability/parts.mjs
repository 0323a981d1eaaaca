// The parts `npm run reliability` runs, in order: each a module in this folder exporting
//   run({ seed, scale, log }) -> { part, rows: [{ metric, value, target, ok }], details }
// (ok: true/false against the target, null for a figure without one). Optional parts are
// run when their file exists.
export const PARTS = [
  { file: 'faults.mjs' },
  { file: 'soak.mjs' },
  { file: 'races.mjs' },
  { file: 'bad-input.mjs' },
  { file: 'hostile.mjs', optional: true },
];
