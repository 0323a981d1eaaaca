// `link list|show|detach`: links in the kernel, named by id or pinned path, as bpftool
// shows them (type, program, and the fields of the link's own kind).
import { runGroup, UsageError, type Command, type Context } from './command.js';
import { parseTarget } from './target.js';
import { eachById } from './kernel-lists.js';
import { enumLabel } from '../enum-names.js';
import { LinkHandle } from '../handles/link-handle.js';

const TARGET = '<id | pinned path>';

/** The kind-specific fields in bpftool's names (attach types by libbpf's names). */
const DETAIL_NAMES: Record<string, string> = {
  tpName: 'tp_name', tracingAttachType: 'attach_type', tracingTargetObjId: 'target_obj_id', tracingTargetBtfId: 'target_btf_id',
  cgroupId: 'cgroup_id', cgroupAttachType: 'attach_type', targetName: 'target_name', iterMapId: 'map_id',
  netnsIno: 'netns_ino', netnsAttachType: 'attach_type', xdpIfindex: 'ifindex',
};

function describe(l: LinkHandle): Record<string, unknown> {
  const i = l.info();
  const detail = Object.fromEntries(Object.entries(i.detail).map(([k, v]) =>
    [DETAIL_NAMES[k] ?? k, k.endsWith('AttachType') ? enumLabel('attach', Number(v)) : v]));
  return { id: i.id, type: enumLabel('link', i.type), prog_id: i.progId, ...detail };
}

function showText(ctx: Context, d: Record<string, unknown>): void {
  const { id, type, prog_id: progId, ...rest } = d;
  ctx.out(`${String(id)}: ${String(type)}  prog ${String(progId)}`);
  const extra = Object.entries(rest).map(([k, v]) => `${k} ${String(v)}`).join('  ');
  if (extra) ctx.out(`\t${extra}`);
}

function withLink<T>(ctx: Context, cmd: string, use: (l: LinkHandle) => T): T {
  const { target, rest } = parseTarget(cmd, ctx.positionals);
  if (rest.length) throw new UsageError(`${cmd}: unexpected argument '${rest[0]}'`);
  const link = 'id' in target ? LinkHandle.fromId(target.id) : LinkHandle.fromPinned(target.path);
  try {
    return use(link);
  } finally {
    link.close();
  }
}

const list: Command = {
  name: 'link list', synopsis: '', positionals: [0, 0], summary: 'every link in the kernel',
  run(ctx) {
    const rows = eachById(LinkHandle.ids(), (id) => LinkHandle.fromId(id), describe);
    if (!ctx.json) rows.forEach((d) => showText(ctx, d));
    return rows;
  },
};

const show: Command = {
  name: 'link show', synopsis: TARGET, positionals: [1, 2], summary: 'one link: type, program, attach point',
  run(ctx) {
    return withLink(ctx, 'link show', (l) => {
      const d = describe(l);
      if (!ctx.json) showText(ctx, d);
      return d;
    });
  },
};

const detach: Command = {
  name: 'link detach', synopsis: TARGET, positionals: [1, 2],
  summary: 'detach the link from its hook now (BPF_LINK_DETACH); its pin, if any, stays until removed',
  run(ctx) {
    return withLink(ctx, 'link detach', (l) => {
      const { id } = l.info();
      l.detach();
      if (!ctx.json) ctx.out(`detached: link ${id}`);
      return { id, detached: true };
    });
  },
};

export const run = (argv: string[]): Promise<number> =>
  runGroup('link', 'links in the kernel, named by id or pinned path', [list, show, detach], argv);
