// `link list|show|detach`: links in the kernel, named by id or pinned path, as bpftool
// shows them (type, program, and the fields of the link's own kind).
import { runGroup, type Command, type Context } from './command.js';
import { withTarget, nothingMore, TARGET } from './target.js';
import { listCommand, showCommand, type KernelKind } from './kernel-lists.js';
import { enumLabel } from '../enum-names.js';
import { LinkHandle } from '../handles/link-handle.js';


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

const LINKS: KernelKind<LinkHandle> = {
  group: 'link', ids: () => LinkHandle.ids(), fromId: (id) => LinkHandle.fromId(id),
  open: (t) => ('id' in t ? LinkHandle.fromId(t.id) : LinkHandle.fromPinned(t.path)), describe, showText,
};
const list = listCommand(LINKS, 'every link in the kernel');
const show = showCommand(LINKS, 'one link: type, program, attach point');

const detach: Command = {
  name: 'link detach', synopsis: TARGET, positionals: [1, 2],
  summary: 'detach the link from its hook now (BPF_LINK_DETACH); its pin, if any, stays until removed',
  run(ctx) {
    return withTarget('link detach', ctx.positionals, nothingMore('link detach'), LINKS.open, (l) => {
      const { id } = l.info();
      l.detach();
      if (!ctx.json) ctx.out(`detached: link ${id}`);
      return { id, detached: true };
    });
  },
};

export const run = (argv: string[]): Promise<number> =>
  runGroup('link', 'links in the kernel, named by id or pinned path', [list, show, detach], argv);
