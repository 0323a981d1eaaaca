// A seeded PRNG (mulberry32): slices of a part are chosen reproducibly from its seed.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** ceil(fraction * n) items of list, chosen by seed, in their original order (all at 1). */
export function sample(list, fraction, seed) {
  if (fraction >= 1) return [...list];
  const next = rng(seed);
  const keyed = list.map((item, i) => ({ item, i, k: next() }));
  const n = Math.max(1, Math.ceil(fraction * list.length));
  return keyed.sort((x, y) => x.k - y.k).slice(0, n).sort((x, y) => x.i - y.i).map((x) => x.item);
}

/** Runs fn over items with at most `limit` at a time; results in order. */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async (slot) => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], slot);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, s) => worker(s)));
  return out;
}
