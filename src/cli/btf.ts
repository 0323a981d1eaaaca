// `btf list` and `btf dump <obj.o | id> [--format raw|c]`: the BTF of an object file (as
// libbpf opened it; no kernel needed) or of a BTF object in the kernel, as bpftool dumps it.
import { runGroup, stringOption, UsageError, type Command } from './command.js';
import { parseTarget, describeTarget } from './target.js';
import { rawLines, rawRecord } from './btf-text.js';
import { table } from './format.js';
import type { Btf } from '../btf/btf.js';

// bpftool's wrapper around btf_dump's declarations (what makes a usable vmlinux.h).
const C_HEADER = '#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n' +
  '#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n#endif\n\n';
const C_FOOTER = '#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n#endif /* __VMLINUX_H__ */\n';

/** Opens the BTF of the target (an object file, or a kernel BTF id) for `use`. */
async function withBtf<T>(target: ReturnType<typeof parseTarget>['target'], use: (btf: Btf) => T): Promise<T> {
  if ('id' in target) {
    const { KernelBtf } = await import('../btf/btf.js');
    const btf = KernelBtf.fromId(target.id);
    try {
      return use(btf);
    } finally {
      btf.close();
    }
  }
  const { openObjectFile } = await import('./object-file.js');
  const obj = openObjectFile(target.path);
  try {
    const btf = obj.btf;
    if (!btf) throw new Error(`${target.path} has no BTF (.BTF section)`);
    return use(btf);
  } finally {
    obj.close();
  }
}

const dump: Command = {
  name: 'btf dump', synopsis: '<obj.o | id> [--format raw|c]', positionals: [1, 2], missing: 'which object file or BTF id?',
  summary: 'every type of a BTF, raw (bpftool\'s format raw) or as C declarations (format c)',
  details: '  <obj.o>: an object file\'s BTF as libbpf opened it (no kernel needed; DATASEC sizes and\n' +
    '  offsets as libbpf completes them); <id>: a BTF object in the kernel (`btf list`).\n' +
    '  --format c: C declarations by libbpf\'s btf_dump, in bpftool\'s vmlinux.h wrapper.',
  options: { format: { type: 'string', default: 'raw' } },
  async run(ctx) {
    const format = stringOption(ctx, 'format');
    if (format !== 'raw' && format !== 'c') throw new UsageError(`btf dump: --format is raw or c, not '${format}'`);
    const { target, rest } = parseTarget('btf dump', ctx.positionals);
    if (rest.length) throw new UsageError(`btf dump: unexpected argument '${rest[0]}'`);
    return withBtf(target, (btf) => {
      if (format === 'c') {
        const text = `${C_HEADER}${btf.dumpC()}${C_FOOTER}`;
        if (!ctx.json) process.stdout.write(text);
        return { format: 'c', source: describeTarget(target), text };
      }
      const types = [...btf.types()];
      if (!ctx.json) for (const t of types) for (const l of rawLines(btf, t)) ctx.out(l);
      return { types: types.map((t) => rawRecord(t)) };
    });
  },
};

const list: Command = {
  name: 'btf list', synopsis: '', positionals: [0, 0], summary: 'the BTF objects the kernel holds',
  async run(ctx) {
    const { BtfHandle } = await import('../handles/btf-handle.js');
    const { eachById } = await import('./kernel-lists.js');
    const rows = eachById(BtfHandle.ids(), (id) => BtfHandle.fromId(id), (h) => {
      const i = h.info();
      return { id: i.id, size: i.btfSize, kernel: i.kernelBtf, ...(i.name ? { name: i.name } : {}) };
    });
    if (!ctx.json) for (const l of table(['ID', 'NAME', 'SIZE', 'KERNEL'], rows.map((r) => [r.id, r.name ?? '-', r.size, r.kernel ? 'yes' : 'no']))) ctx.out(l);
    return rows;
  },
};

export const run = (argv: string[]): Promise<number> => runGroup('btf', 'BTF type information', [list, dump], argv);
