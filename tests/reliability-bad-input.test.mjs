// A fixed-seed slice of `npm run reliability`'s bad-input part (reliability/bad-input.mjs): its targets.
import { reliabilitySlice } from './helpers/reliability.mjs';

await reliabilitySlice('reliability-bad-input.test.mjs', 'bad-input.mjs', { seed: 1, scale: 0.1 });
