// The bad-input table: every public function and constructor of the package, each argument
// position (option fields count as positions), each value of BAD_VALUES, in each object
// state the function can meet. Calls are generated from it, not written one by one.
//
// A parameter's `domain` says which values the API documents as valid: a call given a value
// outside every domain that returns normally has accepted invalid input (a truncated path,
// an fd taken modulo 2**32...). A call in a valid domain may succeed or fail with
// LibbpfError; anything may be answered with TypeError/RangeError/LibbpfError.
import { BpfObject, BpfMap, BpfProgram, LibbpfError, setLogger, libbpfVersion } from '../../dist/index.js';

const isInt = (v) => typeof v === 'number' && Number.isInteger(v);
export const DOMAINS = {
  path: (v) => typeof v === 'string' && v.length > 0 && !v.includes('\0'),
  optionalPath: (v) => v === undefined || v === null || DOMAINS.path(v),
  name: (v) => typeof v === 'string',
  bytes: (v) => v instanceof Uint8Array,
  optionalBytes: (v) => v === undefined || v instanceof Uint8Array,
  flags: (v) => v === undefined || (isInt(v) && v >= 0 && Number.isSafeInteger(v)),
  fd: (v) => isInt(v) && v >= 0 && v <= 2 ** 31 - 1,
  u32: (v) => isInt(v) && v >= 0 && v <= 2 ** 32 - 1,
  boolean: (v) => typeof v === 'boolean',
  logger: (v) => v === null || typeof v === 'function',
  file: (v) => DOMAINS.path(v) || v instanceof Uint8Array,
  options: (v) => v === undefined || (typeof v === 'object' && v !== null),
  cString: (v) => typeof v === 'string' && !v.includes('\0'),
  nullableCString: (v) => v === null || DOMAINS.cString(v),
  any: () => true, // a plain data class (LibbpfError): any value is a value
  optionalString: (v) => v === undefined || (typeof v === 'string' && !v.includes('\0')),
  optionalU32: (v) => v === undefined || DOMAINS.u32(v),
  none: () => false, // internal constructors: nothing a user can pass is valid
};

/** Bad values; `make(ctx)` for those that depend on the run (a live fd + 2**32). */
export const BAD_VALUES = [
  ['undefined', () => undefined], ['null', () => null], ['true', () => true], ['0', () => 0], ['-1', () => -1],
  ['1.5', () => 1.5], ['NaN', () => NaN], ['Infinity', () => Infinity], ['-Infinity', () => -Infinity],
  ['2**31', () => 2 ** 31], ['2**32', () => 2 ** 32], ['-(2**31)-1', () => -(2 ** 31) - 1], ['2**53', () => 2 ** 53],
  ['2**32+fd', (ctx) => ctx.liveFd + 2 ** 32], ['-2**32+fd', (ctx) => ctx.liveFd - 2 ** 32], ['1n', () => 1n],
  ["''", () => ''], ["'a\\0b'", () => 'a\0b'], ['path\\0suffix', (ctx) => `${ctx.dir}/nul\0suffix`],
  ["'x' x 100000", () => 'x'.repeat(100_000)], ['path of 5000 chars', (ctx) => `${ctx.dir}/${'p'.repeat(5000)}`],
  ['{}', () => ({})], ['[]', () => []], ['Symbol()', () => Symbol('bad')], ['() => {}', () => () => {}],
  ['Uint8Array(0)', () => new Uint8Array(0)], ['Uint8Array(3)', () => new Uint8Array(3)],
  ['Uint8Array(1 MiB)', () => new Uint8Array(2 ** 20)], ['subarray at offset 1', () => new Uint8Array(16).subarray(1, 5)],
  ['Uint8Array on SharedArrayBuffer', () => new Uint8Array(new SharedArrayBuffer(8))],
  ['Uint16Array(2)', () => new Uint16Array(2)], ['DataView', () => new DataView(new ArrayBuffer(4))],
  ['Buffer(4)', () => Buffer.alloc(4)], ['random bytes (4 KiB)', (ctx) => ctx.randomBytes(4096)],
  ['object with toString', () => ({ toString: () => '/tmp' })], ['new String(path)', (ctx) => new String(`${ctx.dir}/s`)],
];

const KEY = () => new Uint8Array(4);
const VALUE = () => new Uint8Array(8);
const map = (ctx) => ctx.obj.map('pinned_hash');
const array = (ctx) => ctx.obj.map('pinned_array');
const prog = (ctx) => ctx.obj.programs[0];

/**
 * { fn, states, params: [{ name, domain, valid(ctx) }], call(ctx, args) }. States: 'opened'
 * (open only), 'loaded', 'closed' (loaded, then closed: use after close).
 */
export const FUNCTIONS = [
  { fn: 'BpfObject.open', states: ['none'],
    params: [{ name: 'file', domain: 'file', valid: (ctx) => ctx.objectPath },
      { name: 'options', domain: 'options', valid: (ctx) => ({ pinRootPath: ctx.pinRoot }) },
      ...['objectName', 'pinRootPath', 'kconfig', 'btfCustomPath'].map((k) => ({ name: `options.${k}`, domain: 'optionalString',
        valid: () => undefined })),
      { name: 'options.kernelLogLevel', domain: 'optionalU32', valid: () => undefined }],
    call: (ctx, [file, options, objectName, pinRootPath, kconfig, btfCustomPath, kernelLogLevel]) => {
      const opts = options === undefined || options === null || typeof options !== 'object' ? options : { ...options };
      const fields = { objectName, pinRootPath, kconfig, btfCustomPath, kernelLogLevel };
      if (opts && typeof opts === 'object') for (const [k, v] of Object.entries(fields)) if (v !== undefined) opts[k] = v;
      ctx.adopt(BpfObject.open(file, opts));
    } },
  { fn: 'new BpfObject', states: ['loaded'], params: [{ name: 'inst', domain: 'none', valid: () => undefined },
    { name: 'ptr', domain: 'none', valid: () => 8 }, { name: 'ownedBuffers', domain: 'none', valid: () => [] }],
  call: (ctx, args) => ctx.adopt(new BpfObject(...args)) },
  { fn: 'new BpfMap', states: ['loaded'], params: [{ name: 'obj', domain: 'none', valid: (ctx) => ctx.obj },
    { name: 'ptr', domain: 'none', valid: () => 16 }], call: (ctx, args) => new BpfMap(...args).name },
  { fn: 'new BpfProgram', states: ['loaded'], params: [{ name: 'obj', domain: 'none', valid: (ctx) => ctx.obj },
    { name: 'ptr', domain: 'none', valid: () => 16 }], call: (ctx, args) => new BpfProgram(...args).name },
  { fn: 'new LibbpfError', states: ['none'], params: [{ name: 'op', domain: 'any', valid: () => 'op' },
    { name: 'errno', domain: 'any', valid: () => 1 }, { name: 'code', domain: 'any', valid: () => 'EPERM' },
    { name: 'message', domain: 'any', valid: () => 'm' }], call: (ctx, args) => new LibbpfError(...args).message },
  { fn: 'setLogger', states: ['none'], params: [{ name: 'logger', domain: 'logger', valid: () => null }],
    call: (ctx, [logger]) => { setLogger(logger); setLogger(ctx.silent); } },
  { fn: 'libbpfVersion', states: ['none'], params: [], call: () => libbpfVersion() },

  { fn: 'BpfObject.name', params: [], call: (ctx) => ctx.obj.name },
  { fn: 'BpfObject.maps', params: [], call: (ctx) => ctx.obj.maps.length },
  { fn: 'BpfObject.programs', params: [], call: (ctx) => ctx.obj.programs.length },
  { fn: 'BpfObject.map', params: [{ name: 'name', domain: 'name', valid: () => 'pinned_hash' }], call: (ctx, [n]) => ctx.obj.map(n) },
  { fn: 'BpfObject.program', params: [{ name: 'name', domain: 'name', valid: () => 'x' }], call: (ctx, [n]) => ctx.obj.program(n) },
  { fn: 'BpfObject.load', params: [], call: (ctx) => ctx.obj.load() },
  ...['pinMaps', 'unpinMaps'].map((m) => ({ fn: `BpfObject.${m}`, params: [{ name: 'path', domain: 'optionalPath',
    valid: (ctx) => `${ctx.dir}/all` }], call: (ctx, [p]) => ctx.obj[m](p) })),
  ...['pinPrograms', 'unpinPrograms'].map((m) => ({ fn: `BpfObject.${m}`, params: [{ name: 'path', domain: 'path',
    valid: (ctx) => `${ctx.dir}/progs` }], call: (ctx, [p]) => ctx.obj[m](p) })),
  { fn: 'BpfObject.close', params: [], call: (ctx) => ctx.obj.close() },
  { fn: 'BpfObject[Symbol.dispose]', params: [], call: (ctx) => ctx.obj[Symbol.dispose]() },

  ...['name', 'type', 'keySize', 'valueSize', 'maxEntries', 'mapFlags', 'fd', 'isInternal', 'isPinned', 'pinPath']
    .map((g) => ({ fn: `BpfMap.${g}`, params: [], call: (ctx) => map(ctx)[g] })),
  // libbpf takes any C string as a pin path (an empty one fails later, at pin time).
  { fn: 'BpfMap.setPinPath', params: [{ name: 'path', domain: 'nullableCString', valid: (ctx) => `${ctx.dir}/pp` }],
    call: (ctx, [p]) => map(ctx).setPinPath(p) },
  ...['pin', 'unpin'].map((m) => ({ fn: `BpfMap.${m}`, params: [{ name: 'path', domain: 'optionalPath',
    valid: () => undefined }], call: (ctx, [p]) => array(ctx)[m](p) })),
  { fn: 'BpfMap.reuseFd', params: [{ name: 'fd', domain: 'fd', valid: (ctx) => ctx.liveFd }],
    call: (ctx, [fd]) => ctx.obj.map('unpinned').reuseFd(fd) },
  { fn: 'BpfMap.setMaxEntries', params: [{ name: 'n', domain: 'u32', valid: () => 8 }],
    call: (ctx, [n]) => map(ctx).setMaxEntries(n) },
  { fn: 'BpfMap.info', params: [], call: (ctx) => map(ctx).info() },
  { fn: 'BpfMap.lookup', params: [{ name: 'key', domain: 'bytes', valid: KEY }, { name: 'flags', domain: 'flags', valid: () => 0 }],
    call: (ctx, [k, f]) => map(ctx).lookup(k, f) },
  { fn: 'BpfMap.update', params: [{ name: 'key', domain: 'bytes', valid: KEY }, { name: 'value', domain: 'bytes', valid: VALUE },
    { name: 'flags', domain: 'flags', valid: () => 0 }], call: (ctx, [k, v, f]) => map(ctx).update(k, v, f) },
  { fn: 'BpfMap.delete', params: [{ name: 'key', domain: 'bytes', valid: KEY }, { name: 'flags', domain: 'flags', valid: () => 0 }],
    call: (ctx, [k, f]) => map(ctx).delete(k, f) },
  { fn: 'BpfMap.lookupAndDelete', params: [{ name: 'key', domain: 'optionalBytes', valid: KEY },
    { name: 'flags', domain: 'flags', valid: () => 0 }], call: (ctx, [k, f]) => map(ctx).lookupAndDelete(k, f) },
  { fn: 'BpfMap.nextKey', params: [{ name: 'key', domain: 'optionalBytes', valid: () => undefined }],
    call: (ctx, [k]) => map(ctx).nextKey(k) },
  { fn: 'BpfMap.keys', params: [], call: (ctx) => ctx.bounded(map(ctx).keys(), 10_000) },

  ...['name', 'sectionName', 'type', 'expectedAttachType', 'fd', 'autoload', 'insnCount']
    .map((g) => ({ fn: `BpfProgram.${g}`, params: [], call: (ctx) => prog(ctx)[g] })),
  { fn: 'BpfProgram.setAutoload', params: [{ name: 'autoload', domain: 'boolean', valid: () => true }],
    call: (ctx, [a]) => prog(ctx).setAutoload(a) },
  ...['pin', 'unpin'].map((m) => ({ fn: `BpfProgram.${m}`, params: [{ name: 'path', domain: 'path',
    valid: (ctx) => `${ctx.dir}/prog` }], call: (ctx, [p]) => prog(ctx)[m](p) })),
];

/** Re-entrant calls made from inside the logger while load() runs, and loggers that throw. */
export const LOGGER_CASES = [
  ...[
    ['obj.maps', (ctx) => ctx.obj.maps.length], ['map.lookup', (ctx) => map(ctx).lookup(KEY())],
    ['map.update', (ctx) => map(ctx).update(KEY(), VALUE())], ['map.info', (ctx) => map(ctx).info()],
    ['obj.load', (ctx) => ctx.obj.load()], ['obj.close', (ctx) => ctx.obj.close()],
    ['obj.pinMaps', (ctx) => ctx.obj.pinMaps(`${ctx.dir}/re`)], ['map.setMaxEntries', (ctx) => map(ctx).setMaxEntries(4)],
    ['BpfObject.open (another object)', (ctx) => ctx.adopt(BpfObject.open(ctx.objectPath))],
    ['setLogger(null)', () => setLogger(null)], ['libbpfVersion', () => libbpfVersion()],
  ].map(([name, reenter]) => ({ name: `logger calls ${name} during load()`, reenter })),
  ...[
    ['Error', () => new Error('thrown by the logger')], ['TypeError', () => new TypeError('thrown by the logger')],
    ['a string', () => 'thrown by the logger'], ['undefined', () => undefined],
  ].flatMap(([what, make]) => [
    { name: `logger throws ${what} during load()`, throws: make, during: 'load' },
    { name: `logger throws ${what} during open()`, throws: make, during: 'open' },
    { name: `logger throws ${what} during a failing load()`, throws: make, during: 'failing load' },
  ]),
];

const METHOD_STATES = ['opened', 'loaded', 'closed'];

/** Every call of the table, in a fixed order: [{ fn, state, param, value, args(ctx) | logger }]. */
export function allCalls() {
  const calls = [];
  for (const f of FUNCTIONS) {
    const states = f.states ?? METHOD_STATES;
    const valid = (ctx) => f.params.map((p) => p.valid(ctx));
    for (const state of states) calls.push({ f, state, param: '-', value: 'valid arguments', args: valid });
    for (const state of states.filter((s) => s !== 'closed')) {
      f.params.forEach((p, i) => {
        for (const [label, make] of BAD_VALUES) {
          calls.push({ f, state, param: p.name, value: label, args: (ctx) => {
            const args = valid(ctx);
            args[i] = make(ctx);
            return args;
          } });
        }
      });
    }
  }
  for (const c of LOGGER_CASES) calls.push({ logger: c, fn: c.name, state: 'opened', param: '-', value: '-' });
  return calls.map((c) => ({ ...c, fn: c.fn ?? c.f.fn }));
}
