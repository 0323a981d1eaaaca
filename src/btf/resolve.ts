// The type behind typedefs and qualifiers, and a type's name for messages.
import type { Btf } from './btf.js';
import type { BtfType } from './types.js';

const MODIFIERS = new Set(['TYPEDEF', 'VOLATILE', 'CONST', 'RESTRICT', 'TYPE_TAG']);

/** The type behind typedefs and qualifiers. */
export function resolveType(btf: Btf, id: number): BtfType {
  let t = btf.typeById(id);
  for (let hops = 0; MODIFIERS.has(t.kind); hops++) {
    if (hops > 64) throw new TypeError(`BTF type ${id}: typedef/modifier chain too long`);
    t = btf.typeById((t as { type: number }).type);
  }
  return t;
}

export function typeLabel(t: BtfType): string {
  return t.name ? `${t.kind.toLowerCase()} ${t.name}` : `${t.kind.toLowerCase()} (type ${t.id})`;
}
