// A fixed-seed slice of `npm run reliability`'s soak part (reliability/soak.mjs): its targets.
import { reliabilitySlice } from './helpers/reliability.mjs';

await reliabilitySlice('reliability-soak.test.mjs', 'soak.mjs', { seed: 1, scale: 0.03 });
