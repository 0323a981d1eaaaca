// A map fd closed behind the library's back whose number comes back as a map with 64 KiB
// values, created where the host cannot see it (a second copy of the addon, as another
// library in the process would): shared by host-fd-reuse and map-direct tests.
import { closeSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { CMD, ModuleMemory } from './host.mjs';
import { repoRoot } from './objects.mjs';

export const BIG = 65536;

/** A second instance of the addon (own map-info cache): fds it returns are invisible to `host`. */
export function otherHost() {
  const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-host2-'));
  try {
    const copy = join(dir, 'bpfhost.node');
    copyFileSync(join(repoRoot, 'host/build/Release/bpfhost.node'), copy);
    return createRequire(import.meta.url)(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Closes `fd` behind everyone's back and creates, through `other`, an array map with 64 KiB
 * values (element 0 filled with 0xab) that takes the same number. Returns that fd.
 */
export function reuseAsBigMap(other, fd) {
  const m = new ModuleMemory(32);
  closeSync(fd);
  const attr = m.struct('bpf_attr', {
    map_type: m.L.c.BPF_MAP_TYPE_ARRAY, key_size: 4, value_size: BIG, max_entries: 1,
  });
  const big = other.bpf(m.buf, CMD.BPF_MAP_CREATE, attr, m.L.sizes.bpf_attr);
  assert.is(big, fd, 'the new map took the closed number');
  const key = m.bytes(Buffer.alloc(4));
  const value = m.alloc(BIG);
  m.u8.fill(0xab, value, value + BIG);
  const up = m.struct('bpf_attr', { map_fd: big, key, value });
  assert.is(other.bpf(m.buf, CMD.BPF_MAP_UPDATE_ELEM, up, m.L.sizes.bpf_attr), 0);
  return big;
}

