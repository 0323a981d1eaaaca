// The disagreements docs/differences.md lists (with their cause), recognised here by their
// exact condition, so that any other disagreement counts against the target.

const warnings = (log) => log.filter((l) => l.startsWith('warn: '));

/** The docs/differences.md entry this disagreement is, or undefined. */
export function knownDifference(native, module) {
  // `bss_3g_beyond_wasm32_memory` (docs/differences.md): a .data/.rodata/.bss/.kconfig buffer larger than
  // what the module's linear memory (2 GiB, wasm32) has left: libbpf's anonymous mmap of
  // it fails with ENOMEM in the module where the native (lazy) mmap succeeds.
  const enomem = warnings(module.log).find((l) => /failed to alloc map '.*' content buffer: -12$/.test(l));
  if (enomem && module.open.ret === -12 && native.open.ret !== -12 &&
      !warnings(native.log).some((l) => l === enomem)) {
    return 'bss_3g_beyond_wasm32_memory';
  }
  return undefined;
}
