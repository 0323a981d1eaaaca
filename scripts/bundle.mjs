// Bundles the compiled facade (dist/index.js and the modules it imports) into one file per
// module system: dist/bundle/libbpf-wasm.mjs (ESM) and dist/bundle/libbpf-wasm.cjs
// (CommonJS, for require()). One file loads in a few milliseconds where ~80 ES modules took
// most of the cold start. The bundles sit two levels below the package root, like every
// dist/<dir>/<file>.js, so the paths they resolve from import.meta.url (the .wasm module,
// the addon) stay the same.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const common = {
  entryPoints: [`${root}dist/index.js`],
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
};
await build({ ...common, format: 'esm', outfile: `${root}dist/bundle/libbpf-wasm.mjs` });
// CommonJS has no import.meta: its URL is made from __filename, the same file's location.
await build({
  ...common,
  format: 'cjs',
  outfile: `${root}dist/bundle/libbpf-wasm.cjs`,
  define: { 'import.meta.url': '__lbwImportMetaUrl' },
  banner: { js: 'const __lbwImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});
