// Prints the CFunctionInfo and CTypeInfo bytes of Node's own fast-API functions in the
// running binary, to check v8_fast_api_layout.h for a new V8 version before adding it:
//   NODE probe-layout.cjs    (root: reads /proc/self/mem; needs nm and c++filt)
// Each line: CFunctionInfo {return CTypeInfo, repr, arg_count, arg_info*} then the
// argument CTypeInfo array, and the C++ signature they describe. E.g. "0a0000" is
// kV8Value with a 3-byte CTypeInfo, "0a00" with a 2-byte one; "ff" is the options type.
'use strict';
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const exe = fs.realpathSync(process.execPath);
const syms = execFileSync('nm', ['-D', '--defined-only', exe], { encoding: 'utf8', maxBuffer: 1 << 28 })
  .split('\n').filter((l) => l.includes('CFunctionBuilderWithFunction') && !l.includes('_ZGV'))
  .map((l) => l.trim().split(/\s+/));
const first = fs.readFileSync('/proc/self/maps', 'utf8').split('\n').find((l) => l.endsWith(exe));
const base = BigInt(`0x${first.split('-')[0]}`);
const mem = fs.openSync('/proc/self/mem', 'r');
for (const [addr, , sym] of syms) {
  let at = BigInt(`0x${addr}`);
  if (at < base) at += base; // a PIE binary
  const b = Buffer.alloc(40);
  fs.readSync(mem, b, 0, b.length, at);
  if (b.readBigUInt64LE(8) === 0n) continue; // not constructed in this process
  const sig = execFileSync('c++filt', [sym], { encoding: 'utf8' })
    .replace(/v8::CTypeInfoBuilder/g, '').replace(/^.*CFunctionBuilderWithFunction/, '').replace(/::Build.*/s, '');
  console.log(b.toString('hex'), sig.trim());
}
