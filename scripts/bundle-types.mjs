// Rolls the declarations tsc emitted (dist/**/*.d.ts, @internal members stripped) into one
// self-contained file per module system, beside the bundles: dist/bundle/libbpf-wasm.d.mts
// (import) and .d.cts (require). Only what the public exports reach is in it, so no
// internal type (the module instance, its exports, the WebAssembly namespace) is visible to
// a user's compiler; tests/declarations.test.mjs compiles a consumer against it.
import { generateDtsBundle } from 'dts-bundle-generator';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const [text] = generateDtsBundle([{
  filePath: `${root}dist/index.d.ts`,
  output: { noBanner: true, exportReferencedTypes: false },
}], { preferredConfigPath: `${root}tsconfig.json` });
const banner = '// libbpf-wasm public declarations (scripts/bundle-types.mjs from dist/index.d.ts).\n';
for (const ext of ['d.mts', 'd.cts']) writeFileSync(`${root}dist/bundle/libbpf-wasm.${ext}`, banner + closeConstructors(text));

/**
 * The package makes its objects itself (BpfObject.open, obj.map(), MapHandle.fromId ...):
 * their constructors take internal arguments and are @internal, which leaves a class with
 * no constructor in the declarations, i.e. `new BpfObject()` would type-check. Each such
 * class gets `protected constructor();` (errors, whose constructors are inherited, keep them).
 */
function closeConstructors(dts) {
  const lines = dts.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const head = /^(?:export )?declare (?:abstract )?class \S+(?: extends (\S+))? \{$/.exec(lines[i]);
    if (!head || /Error$/.test(head[1] ?? '')) continue;
    let end = i + 1;
    while (lines[end] !== '}') end++;
    if (lines.slice(i + 1, end).some((l) => /^\t(?:protected |private )?constructor\(/.test(l))) continue;
    out.push('\tprotected constructor();');
  }
  return out.join('\n');
}
