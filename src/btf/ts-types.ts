// TypeScript declarations for BTF types, following the codec's rules (src/btf/codec.ts):
// what get() returns and set() takes. Named structs, unions and enums become named
// declarations (emitted once, on first use); anonymous ones are written inline.
import type { Btf } from './btf.js';
import { resolveType } from './resolve.js';
import type { BtfType, BtfTypeOf } from './types.js';

const TAKEN = new Set([
  'boolean', 'number', 'bigint', 'string', 'object', 'symbol', 'undefined', 'unknown', 'never', 'any', 'void',
  'Array', 'Uint8Array', 'TypedMap', 'TypedObject', 'BpfObject', 'BpfMap', 'Record', 'Object', 'String', 'Number',
]);
const IDENT = /^[A-Za-z_$][\w$]*$/;

export class TsTypeWriter {
  readonly #btf: Btf;
  readonly #names = new Map<number, string>();
  readonly #used = new Set(TAKEN);
  /** Declarations emitted so far, in dependency order. */
  readonly declarations: string[] = [];

  constructor(btf: Btf, reserved: readonly string[] = []) {
    this.#btf = btf;
    for (const r of reserved) this.#used.add(r);
  }

  /** The TS type of the value of BTF type `id`. */
  typeOf(id: number): string {
    const t = resolveType(this.#btf, id);
    switch (t.kind) {
      case 'INT': return t.bool ? 'boolean' : t.size > 4 ? 'bigint' : 'number';
      case 'FLOAT': return 'number';
      case 'PTR': return 'bigint';
      case 'ENUM': case 'ENUM64': return t.name ? this.#named(t, () => this.#enumType(t)) : this.#enumType(t);
      case 'ARRAY': return this.#arrayType(t);
      case 'STRUCT': case 'UNION': return t.name ? this.#named(t, () => this.#recordType(t)) : this.#recordType(t);
      default: return 'unknown';
    }
  }

  #named(t: BtfType, body: () => string): string {
    const known = this.#names.get(t.id);
    if (known) return known;
    const name = this.#identifier(t.name, t.kind.toLowerCase());
    this.#names.set(t.id, name);
    const text = body(); // may emit the declarations it depends on first
    this.declarations.push(t.kind === 'STRUCT' || t.kind === 'UNION'
      ? `/** ${t.kind.toLowerCase()} ${t.name} */\nexport interface ${name} ${text}`
      : `/** enum ${t.name} (a name, or the number of a value without one) */\nexport type ${name} = ${text};`);
    return name;
  }

  #identifier(c: string, kind: string): string {
    let base = IDENT.test(c) ? c : c.replace(/[^\w$]/g, '_');
    if (this.#used.has(base)) base = `${base}_${kind}`;
    let name = base;
    for (let i = 2; this.#used.has(name); i++) name = `${base}${i}`;
    this.#used.add(name);
    return name;
  }

  #enumType(t: BtfTypeOf<'ENUM' | 'ENUM64'>): string {
    const names = [...new Set(t.values.map((v) => JSON.stringify(v.name)))];
    return [...names, t.size > 4 ? 'bigint' : 'number'].join(' | ');
  }

  #arrayType(t: BtfTypeOf<'ARRAY'>): string {
    let elem = this.#btf.typeById(t.type);
    while (elem.kind === 'CONST' || elem.kind === 'VOLATILE' || elem.kind === 'RESTRICT' || elem.kind === 'TYPE_TAG') {
      elem = this.#btf.typeById(elem.type);
    }
    if (t.nelems > 0 && elem.kind === 'INT' && elem.size === 1 && (elem.char || elem.name === 'char')) {
      return 'string | Uint8Array';
    }
    return `Array<${this.typeOf(t.type)}>`;
  }

  #recordType(t: BtfTypeOf<'STRUCT' | 'UNION'>): string {
    const lines: string[] = [];
    this.#members(t, t.kind === 'UNION', lines);
    return `{\n${lines.join('\n')}\n}`;
  }

  /** Members as the codec sees them: anonymous struct/union members flattened, unnamed
   *  bitfields skipped; union members optional (set() takes one or more). */
  #members(t: BtfTypeOf<'STRUCT' | 'UNION'>, optional: boolean, lines: string[]): void {
    for (const m of t.members) {
      if (!m.name) {
        const inner = resolveType(this.#btf, m.type);
        if (m.bitfieldSize === 0 && (inner.kind === 'STRUCT' || inner.kind === 'UNION')) {
          this.#members(inner, optional || inner.kind === 'UNION', lines);
        }
        continue;
      }
      lines.push(`  ${m.name}${optional ? '?' : ''}: ${this.typeOf(m.type)};`);
    }
  }
}
