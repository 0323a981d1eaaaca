#!/usr/bin/env node
// Writes docs/api/README.md, the API reference, from the package's public declarations
// (dist/index.d.ts, as tsc emits them with stripInternal) and their JSDoc, with the
// TypeScript compiler API: offline, and the same input always gives the same bytes.
//   node scripts/gen-api-docs.mjs          write docs/api/README.md
//   node scripts/gen-api-docs.mjs --check  exit 1 if it is stale or an export lacks docs
// tests/api-docs.test.mjs uses collectApi()/renderApi() for the same checks.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const API_FILE = join(root, 'docs', 'api', 'README.md');
const ENTRY = join(root, 'dist', 'index.d.ts');

const KIND_ORDER = ['Classes', 'Functions', 'Constants', 'Interfaces and types'];

/** Every public export: name, group, declaration file, doc, signature lines, members. */
export function collectApi(entry = ENTRY) {
  const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const docOf = (sym) => ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
  const fileOf = (decl) => relative(join(root, 'dist'), decl.getSourceFile().fileName).replace(/\.d\.ts$/, '.ts');
  const typeText = (t, node) => checker.typeToString(t, node, ts.TypeFormatFlags.NoTruncation |
    ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType);

  const entries = [];
  const exportedNames = new Set(checker.getExportsOfModule(moduleSymbol).map((s) => s.name));
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = sym.declarations?.[0];
    if (!decl) continue;
    const entry = { name: exported.name, file: `src/${fileOf(decl)}`, doc: docOf(sym), members: [] };
    if (sym.flags & ts.SymbolFlags.Class) {
      entry.group = 'Classes';
      entry.signature = `class ${exported.name}${heritage(decl)}`;
      entry.members = classMembers(sym, decl);
      // A base class the package does not export (FdHandle): its public members are this
      // class's, so they are listed (and must be documented) here.
      for (const base of baseClasses(sym)) {
        if (exportedNames.has(base.name)) break;
        const own = new Set(entry.members.map((m) => m.name));
        entry.members.push(...classMembers(base, base.declarations[0])
          .filter((m) => !own.has(m.name) && m.name !== 'constructor')
          .map((m) => ({ ...m, from: base.name, file: `src/${fileOf(base.declarations[0])}` })));
      }
    } else if (sym.flags & ts.SymbolFlags.Function) {
      entry.group = 'Functions';
      const type = checker.getTypeOfSymbolAtLocation(sym, decl);
      entry.signature = type.getCallSignatures().map((s) => `function ${exported.name}${checker.signatureToString(s, decl)}`).join('\n');
    } else if (sym.flags & ts.SymbolFlags.Variable) {
      entry.group = 'Constants';
      entry.signature = `const ${exported.name}: ${typeText(checker.getTypeOfSymbolAtLocation(sym, decl), decl)}`;
    } else {
      entry.group = 'Interfaces and types';
      if (sym.flags & ts.SymbolFlags.Interface) {
        entry.signature = `interface ${exported.name}${heritage(decl)}`;
        entry.members = interfaceMembers(sym);
      } else {
        entry.signature = decl.getText().replace(/^export\s+(declare\s+)?/, '').replace(/\s+/g, ' ');
      }
    }
    entries.push(entry);
  }
  entries.sort((a, b) => KIND_ORDER.indexOf(a.group) - KIND_ORDER.indexOf(b.group) || a.name.localeCompare(b.name));
  return entries;

  function baseClasses(sym) {
    const out = [];
    for (let t = checker.getDeclaredTypeOfSymbol(sym); ;) {
      const base = checker.getBaseTypes(t)?.[0];
      if (!base?.symbol || !(base.symbol.flags & ts.SymbolFlags.Class)) return out;
      // The package's own classes only (Node's EventEmitter is documented by Node).
      if (!base.symbol.declarations?.[0]?.getSourceFile().fileName.startsWith(join(root, 'dist'))) return out;
      out.push(base.symbol);
      t = base;
    }
  }

  function heritage(decl) {
    return (decl.heritageClauses ?? []).map((h) => ` ${h.getText()}`).join('');
  }

  function isPublic(decl) {
    const flags = ts.getCombinedModifierFlags(decl);
    return !(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !ts.isPrivateIdentifier(decl.name ?? decl);
  }

  function memberSignature(m, decl, prefix) {
    if (ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl)) {
      const t = checker.getTypeOfSymbolAtLocation(m, decl);
      return t.getCallSignatures().map((s) => `${prefix}${m.name}${checker.signatureToString(s, decl)}`).join('\n');
    }
    if (ts.isConstructorDeclaration(decl)) return `new ${checker.signatureToString(checker.getSignatureFromDeclaration(decl), decl)}`;
    const t = checker.getTypeOfSymbolAtLocation(m, decl);
    const ro = ts.isGetAccessor(decl) && !m.declarations.some(ts.isSetAccessor) ? 'readonly ' : (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly ? 'readonly ' : '');
    const opt = m.flags & ts.SymbolFlags.Optional ? '?' : '';
    return `${prefix}${ro}${m.name}${opt}: ${typeText(t, decl)}`;
  }

  function classMembers(sym, decl) {
    const out = [];
    const add = (m, prefix) => {
      const d = m.declarations?.[0];
      if (!d || !isPublic(d) || m.name.startsWith('__')) return;
      if (ts.isPropertyDeclaration(d) && ts.isPrivateIdentifier(d.name)) return;
      out.push({ name: `${prefix}${m.name}`, doc: docOf(m), signature: memberSignature(m, d, prefix) });
    };
    for (const m of sym.exports?.values() ?? []) if (m.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Property | ts.SymbolFlags.Accessor)) add(m, 'static ');
    for (const m of sym.members?.values() ?? []) {
      if (m.flags & ts.SymbolFlags.Constructor) {
        // Public constructors only (the package's own are @internal and stripped).
        const c = m.declarations?.find((d) => ts.isConstructorDeclaration(d) && isPublic(d));
        if (c) out.push({ name: 'constructor', doc: docOf(m), signature: memberSignature(m, c, '') });
        continue;
      }
      if (m.name.startsWith('__@')) continue; // Symbol.dispose, Symbol.asyncIterator: documented by the language
      add(m, '');
    }
    return out;
  }

  function interfaceMembers(sym) {
    return [...(sym.members?.values() ?? [])].map((m) => ({
      name: m.name, doc: docOf(m), signature: memberSignature(m, m.declarations[0], ''), field: true,
    }));
  }
}

/** Exports, and public class methods and accessors, without JSDoc ("Name" or "Class.member"). */
export function undocumented(entries) {
  const out = [];
  for (const e of entries) {
    if (!e.doc) out.push({ what: e.name, file: e.file });
    for (const m of e.members) {
      if (!m.field && !m.doc) out.push({ what: `${e.name}.${m.name.replace(/^static /, '')}`, file: m.file ?? e.file });
    }
  }
  return out;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as '-', and '-1',
 *  '-2', ... after a repeated one (PerfBuffer and perfBuffer). */
export function slugger() {
  const seen = new Map();
  return (heading) => {
    const base = heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n ? `${base}-${n}` : base;
  };
}

/** Every anchor of a Markdown text's headings, in order. */
export function anchorsOf(markdown) {
  const slug = slugger();
  return [...markdown.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1].trim()));
}
const indentDoc = (doc) => doc.split('\n').map((l) => l.trimEnd()).join('\n');

/** The reference as Markdown. */
export function renderApi(entries) {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const lines = [
    '# libbpf-wasm API reference',
    '',
    `<!-- Generated by scripts/gen-api-docs.mjs from dist/index.d.ts (package ${version}); do not edit: ` +
      'run `npm run docs:api`. tests/api-docs.test.mjs fails when this file is stale or an export lacks JSDoc. -->',
    '',
    "Everything `import { ... } from 'libbpf-wasm'` gives, from the declarations' own documentation. " +
      "Names follow libbpf's (camelCase); where a method is one libbpf call, its doc names it.",
    '',
  ];
  // Anchors in heading order: the title, then each group heading and its entries.
  const slug = slugger();
  slug('libbpf-wasm API reference');
  const anchors = new Map();
  for (const group of KIND_ORDER) {
    const inGroup = entries.filter((e) => e.group === group);
    if (!inGroup.length) continue;
    slug(group);
    for (const e of inGroup) anchors.set(e, slug(e.name));
  }
  for (const group of KIND_ORDER) {
    const inGroup = entries.filter((e) => e.group === group);
    if (!inGroup.length) continue;
    lines.push(`- **${group}**: ${inGroup.map((e) => `[${e.name}](#${anchors.get(e)})`).join(', ')}`);
  }
  for (const group of KIND_ORDER) {
    const inGroup = entries.filter((e) => e.group === group);
    if (!inGroup.length) continue;
    lines.push('', `## ${group}`);
    for (const e of inGroup) {
      lines.push('', `### ${e.name}`, '', '```ts', e.signature, '```', '');
      if (e.doc) lines.push(indentDoc(e.doc), '');
      lines.push(`<sub>Declared in ${e.file}.</sub>`);
      if (!e.members.length) continue;
      lines.push('');
      for (const m of e.members) {
        const from = m.from ? ` <sub>(from ${m.from})</sub>` : '';
        lines.push(`- \`${m.signature.replace(/\n/g, '`<br>`')}\`${from}${m.doc ? `  \n  ${indentDoc(m.doc).replace(/\n/g, '\n  ')}` : ''}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entries = collectApi();
  const text = renderApi(entries);
  const missing = undocumented(entries);
  if (process.argv.includes('--check')) {
    let stale = false;
    try {
      stale = readFileSync(API_FILE, 'utf8') !== text;
    } catch {
      stale = true;
    }
    if (stale) console.error(`${relative(root, API_FILE)} is stale: run npm run docs:api`);
    for (const m of missing) console.error(`undocumented: ${m.what} (${m.file})`);
    process.exitCode = stale || missing.length ? 1 : 0;
  } else {
    mkdirSync(dirname(API_FILE), { recursive: true });
    writeFileSync(API_FILE, text);
    console.log(`wrote ${relative(root, API_FILE)}: ${entries.length} exports; ${missing.length} undocumented`);
    for (const m of missing) console.log(`  undocumented: ${m.what} (${m.file})`);
  }
}
