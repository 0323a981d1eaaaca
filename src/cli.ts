#!/usr/bin/env node
// The libbpf-wasm command (package.json "bin"): the commands live in src/cli/.
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2));
