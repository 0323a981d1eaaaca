// `list` and `show` for the kernel's maps, programs and links: the kernel's id list walked
// (each id opened, described, closed), or one object named by id or pin.
import { LibbpfError } from '../errors.js';
import type { Command, Context } from './command.js';
import { withTarget, nothingMore, TARGET, type Target } from './target.js';

export function eachById<H extends { close(): void }, R>(ids: number[], open: (id: number) => H, describe: (h: H) => R): R[] {
  const rows: R[] = [];
  for (const id of ids) {
    let h: H;
    try {
      h = open(id);
    } catch (e) {
      // Freed between the listing and the open: simply gone, not an error.
      if (e instanceof LibbpfError && e.code === 'ENOENT') continue;
      throw e;
    }
    try {
      rows.push(describe(h));
    } finally {
      h.close();
    }
  }
  return rows;
}

/** One kind of kernel object as `list` and `show` present it. */
export interface KernelKind<H extends { close(): void }> {
  group: 'map' | 'prog' | 'link';
  ids(): number[];
  fromId(id: number): H;
  open(t: Target): H;
  /** The JSON record (bpftool's fields). */
  describe(h: H): Record<string, unknown>;
  /** The record as text lines. */
  showText(ctx: Context, d: Record<string, unknown>): void;
}

export function listCommand<H extends { close(): void }>(k: KernelKind<H>, summary: string): Command {
  return {
    name: `${k.group} list`, synopsis: '', positionals: [0, 0], summary,
    run(ctx) {
      const rows = eachById(k.ids(), k.fromId, k.describe);
      if (!ctx.json) rows.forEach((d) => k.showText(ctx, d));
      return rows;
    },
  };
}

export function showCommand<H extends { close(): void }>(k: KernelKind<H>, summary: string): Command {
  const name = `${k.group} show`;
  return {
    name, synopsis: TARGET, positionals: [1, 2], summary,
    run(ctx) {
      return withTarget(name, ctx.positionals, nothingMore(name), k.open, (h) => {
        const d = k.describe(h);
        if (!ctx.json) k.showText(ctx, d);
        return d;
      });
    },
  };
}
