// BTF types as text: a C-like name for a type id ("struct flow", "__u32", "char[16]"), and
// bpftool's raw dump (`bpftool btf dump ... format raw`: one "[id] KIND 'name' ..." line
// per type, or the same fields as JSON).
import type { Btf, BtfType } from '../index.js';

const anon = (name: string): string => name || '(anon)';

/** How C would name the type: what inspect shows for a map's key and value. */
export function typeName(btf: Btf, id: number, depth = 0): string {
  if (id === 0) return 'void';
  if (depth > 32) return '...'; // a BTF that loops through modifiers
  const t = btf.typeById(id);
  switch (t.kind) {
    case 'STRUCT': case 'UNION': return `${t.kind.toLowerCase()} ${anon(t.name)}`;
    case 'ENUM': case 'ENUM64': return `enum ${anon(t.name)}`;
    case 'FWD': return `${t.union ? 'union' : 'struct'} ${t.name}`;
    case 'PTR': return `${typeName(btf, t.type, depth + 1)} *`;
    case 'CONST': case 'VOLATILE': case 'RESTRICT': return `${t.kind.toLowerCase()} ${typeName(btf, t.type, depth + 1)}`;
    case 'TYPE_TAG': return typeName(btf, t.type, depth + 1);
    case 'ARRAY': return `${typeName(btf, t.type, depth + 1)}[${t.nelems}]`;
    case 'FUNC_PROTO': return `${typeName(btf, t.type, depth + 1)} (*)(...)`;
    default: return t.name || t.kind.toLowerCase();
  }
}

const LINKAGE = ['static', 'global', 'extern'];
const linkage = (n: number): string => LINKAGE[n] ?? `(unknown ${n})`;
const encoding = (t: Extract<BtfType, { kind: 'INT' }>): string =>
  t.bool ? 'BOOL' : t.char ? 'CHAR' : t.signed ? 'SIGNED' : '(none)';

/** One type as bpftool's raw JSON record ({"id", "kind", "name", ...}). */
export function rawRecord(t: BtfType): Record<string, unknown> {
  const base = { id: t.id, kind: t.kind, name: anon(t.name) };
  switch (t.kind) {
    case 'INT': return { ...base, size: t.size, bits_offset: t.bitOffset, nr_bits: t.bits, encoding: encoding(t) };
    case 'PTR': case 'TYPEDEF': case 'VOLATILE': case 'CONST': case 'RESTRICT': case 'TYPE_TAG':
      return { ...base, type_id: t.type };
    case 'ARRAY': return { ...base, type_id: t.type, index_type_id: t.indexType, nr_elems: t.nelems };
    case 'STRUCT': case 'UNION':
      return { ...base, size: t.size, vlen: t.members.length, members: t.members.map((m) => ({
        name: anon(m.name), type_id: m.type, bits_offset: m.bitOffset, ...(m.bitfieldSize ? { bitfield_size: m.bitfieldSize } : {}),
      })) };
    case 'ENUM': case 'ENUM64':
      return { ...base, encoding: t.signed ? 'SIGNED' : 'UNSIGNED', size: t.size, vlen: t.values.length,
        values: t.values.map((v) => ({ name: v.name, val: v.value })) };
    case 'FWD': return { ...base, fwd_kind: t.union ? 'union' : 'struct' };
    case 'FUNC': return { ...base, type_id: t.type, linkage: linkage(t.linkage) };
    case 'FUNC_PROTO':
      return { ...base, ret_type_id: t.type, vlen: t.params.length,
        params: t.params.map((p) => ({ name: anon(p.name), type_id: p.type })) };
    case 'VAR': return { ...base, type_id: t.type, linkage: linkage(t.linkage) };
    case 'DATASEC':
      return { ...base, size: t.size, vlen: t.vars.length, vars: t.vars.map((v) => ({ type_id: v.type, offset: v.offset, size: v.size })) };
    case 'FLOAT': return { ...base, size: t.size };
    case 'DECL_TAG': return { ...base, type_id: t.type, component_idx: t.componentIdx };
    default: return base;
  }
}

/** One type as bpftool's raw text: the "[id] KIND 'name' k=v ..." line and its member lines. */
export function rawLines(btf: Btf, t: BtfType): string[] {
  const r = rawRecord(t);
  const scalar = Object.entries(r).filter(([k, v]) => !['id', 'kind', 'name'].includes(k) && !Array.isArray(v));
  // bpftool writes "VAR 'x' type_id=N, linkage=global" with a comma: kept, so the text compares.
  const fields = scalar.map(([k, v]) => `${k}=${String(v)}`).join(t.kind === 'VAR' ? ', ' : ' ');
  const lines = [`[${t.id}] ${t.kind} '${r.name as string}'${fields ? ` ${fields}` : ''}`];
  const item = (o: Record<string, unknown>): string =>
    Object.entries(o).map(([k, v]) => (k === 'name' ? `'${String(v)}'` : `${k}=${String(v)}`)).join(' ');
  switch (t.kind) {
    case 'STRUCT': case 'UNION': lines.push(...(r.members as Record<string, unknown>[]).map((m) => `\t${item(m)}`)); break;
    case 'ENUM': case 'ENUM64': lines.push(...(r.values as Record<string, unknown>[]).map((v) => `\t${item(v)}`)); break;
    case 'FUNC_PROTO': lines.push(...(r.params as Record<string, unknown>[]).map((p) => `\t${item(p)}`)); break;
    case 'DATASEC':
      lines.push(...t.vars.map((v) => {
        const target = btf.typeById(v.type);
        return `\ttype_id=${v.type} offset=${v.offset} size=${v.size} (${target.kind} '${anon(target.name)}')`;
      }));
      break;
    default:
  }
  return lines;
}
