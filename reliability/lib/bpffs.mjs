// Every part works in a private bpffs (mounted in a new temp dir, unmounted and removed
// after): nothing depends on, or is left in, /sys/fs/bpf.
import { mountPrivateBpffs } from '../../dist/bpffs.js';

export async function withBpffs(fn) {
  const fs = mountPrivateBpffs('libbpf-wasm-reliability-');
  try {
    return await fn(fs.dir);
  } finally {
    fs.cleanup();
  }
}
