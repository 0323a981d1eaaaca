// A fixed-seed slice of `npm run reliability`'s races part (reliability/races.mjs): its targets.
import { reliabilitySlice } from './helpers/reliability.mjs';

await reliabilitySlice('reliability-races.test.mjs', 'races.mjs', { seed: 1, scale: 0.1 });
