// A fixed-seed slice of `npm run reliability`'s faults part (reliability/faults.mjs): its targets.
import { reliabilitySlice } from './helpers/reliability.mjs';

await reliabilitySlice('reliability-faults.test.mjs', 'faults.mjs', { seed: 1, scale: 0.03 });
