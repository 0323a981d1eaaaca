// Runs a scenario through the module, via the public facade: what a user of this package
// gets. Every libbpf failure becomes its return value (-errno), a trap becomes a crash.
import { BpfObject, type BpfLink, type BpfMap, type BpfProgram, BatchError, LibbpfError, setLogger } from '../index.js';
import type { Scenario, Step, RunEnv } from './scenario.js';
import { substitute, objectPath, hexBytes, toHex } from './scenario.js';
import type { RunRecord, StepRecord, MapState, ProgState, MapInfoRecord } from './record.js';
import { listPins, openFdCount } from './fs-state.js';

class Crash extends Error {}

function libbpfRet(fn: () => void): number {
  try {
    fn();
    return 0;
  } catch (e) {
    if (e instanceof LibbpfError) {
      if (e.code === 'EWASMTRAP') throw new Crash(e.message);
      return -e.errno;
    }
    throw e;
  }
}

function infoRecord(m: BpfMap): MapInfoRecord {
  const i = m.info();
  return { id: i.id, type: i.type, key_size: i.keySize, value_size: i.valueSize,
    max_entries: i.maxEntries, map_flags: i.mapFlags, name: i.name };
}

function loadedState(obj: BpfObject): { maps: MapState[]; programs: ProgState[] } {
  return {
    maps: obj.maps.map((m) => {
      const s: MapState = { name: m.name, fd_valid: m.fd >= 0, pinned: m.isPinned };
      if (s.fd_valid) s.info = infoRecord(m);
      return s;
    }),
    programs: obj.programs.map((p) => ({ name: p.name, fd_valid: p.fd >= 0 })),
  };
}

export function runInModule(scenario: Scenario, env: RunEnv): RunRecord {
  const log: string[] = [];
  const previous = setLogger((level, message) => {
    for (const line of message.replace(/\n$/, '').split('\n')) log.push(`${level}: ${line}`);
  });
  const slots = new Map<number, BpfObject>();
  const failedOpens = new Set<number>();
  const steps: StepRecord[] = [];
  const fdsBefore = openFdCount();
  try {
    for (const step of scenario.steps) {
      try {
        steps.push(runStep(step, slots, failedOpens, env));
      } catch (e) {
        if (!(e instanceof Crash)) throw e;
        slots.delete(step.slot);
        steps.push({ op: step.op, crash: true });
        break;
      }
    }
  } finally {
    setLogger(previous);
  }
  const pins = listPins(env.bpffs);
  for (const obj of slots.values()) obj.close();
  return { steps, log, pins, fds_left: openFdCount() - fdsBefore };
}

function runStep(step: Step, slots: Map<number, BpfObject>, failedOpens: Set<number>, env: RunEnv): StepRecord {
  const arg = (i: number) => substitute(step.args[i], env);
  const optPath = (i: number) => (step.args[i] === undefined || step.args[i] === '-' ? undefined : arg(i));
  if (step.op === 'open') {
    const o = step.options;
    let obj: BpfObject | undefined;
    const ret = libbpfRet(() => {
      obj = BpfObject.open(objectPath(step.args[0], env), {
        pinRootPath: o.pin_root === undefined ? undefined : substitute(o.pin_root, env),
        objectName: o.object_name,
        kconfig: o.kconfig?.replaceAll('\\n', '\n'),
        btfCustomPath: o.btf_custom_path === undefined ? undefined : substitute(o.btf_custom_path, env),
        kernelLogLevel: o.log_level === undefined ? undefined : Number(o.log_level),
      });
    });
    if (!obj) {
      failedOpens.add(step.slot);
      return { op: 'open', ret };
    }
    failedOpens.delete(step.slot);
    slots.get(step.slot)?.close();
    slots.set(step.slot, obj);
    return {
      op: 'open', ret, name: obj.name,
      maps: obj.maps.map((m) => ({ name: m.name, type: m.type, key_size: m.keySize, value_size: m.valueSize,
        max_entries: m.maxEntries, map_flags: m.mapFlags, pin_path: m.pinPath, fd: m.fd })),
      programs: obj.programs.map((p) => ({ name: p.name, section: p.sectionName, type: p.type,
        expected_attach_type: p.expectedAttachType, autoload: p.autoload })),
    };
  }

  const obj = slots.get(step.slot);
  // After a failed open the slot's steps are skipped, as the native runner does.
  if (!obj && failedOpens.has(step.slot)) return { op: step.op, skipped: true };
  if (!obj) throw new Error(`line ${step.line}: slot ${step.slot} has no open object`);
  const map = (i: number): BpfMap => {
    const m = obj.map(step.args[i]);
    if (!m) throw new Error(`line ${step.line}: no map '${step.args[i]}'`);
    return m;
  };
  const prog = (i: number) => {
    const p = obj.program(step.args[i]);
    if (!p) throw new Error(`line ${step.line}: no program '${step.args[i]}'`);
    return p;
  };
  const flags = (i: number) => (step.args[i] === undefined ? 0 : Number(step.args[i]));

  switch (step.op) {
    case 'load':
      return { op: 'load', ret: libbpfRet(() => obj.load()), ...loadedState(obj) };
    case 'close':
      obj.close();
      slots.delete(step.slot);
      return { op: 'close', ret: 0 };
    case 'pin_maps':
      return { op: step.op, ret: libbpfRet(() => obj.pinMaps(optPath(0))) };
    case 'unpin_maps':
      return { op: step.op, ret: libbpfRet(() => obj.unpinMaps(optPath(0))) };
    case 'pin_programs':
      return { op: step.op, ret: libbpfRet(() => obj.pinPrograms(arg(0))) };
    case 'unpin_programs':
      return { op: step.op, ret: libbpfRet(() => obj.unpinPrograms(arg(0))) };
    case 'set_pin_path':
      return { op: step.op, ret: libbpfRet(() => map(0).setPinPath(optPath(1) ?? null)) };
    case 'pin_map':
      return { op: step.op, ret: libbpfRet(() => map(0).pin(optPath(1))) };
    case 'unpin_map':
      return { op: step.op, ret: libbpfRet(() => map(0).unpin(optPath(1))) };
    case 'set_max_entries':
      return { op: step.op, ret: libbpfRet(() => map(0).setMaxEntries(Number(step.args[1]))) };
    case 'set_autoload':
      return { op: step.op, ret: libbpfRet(() => prog(0).setAutoload(step.args[1] === '1')) };
    case 'update':
      return { op: step.op, ret: libbpfRet(() => map(0).update(hexBytes(step.args[1]), hexBytes(step.args[2]), flags(3))) };
    case 'lookup': {
      let value: Uint8Array | undefined;
      const ret = libbpfRet(() => { value = map(0).lookup(hexBytes(step.args[1]), flags(2)); });
      if (ret < 0) return { op: step.op, ret };
      return value ? { op: step.op, ret: 0, value: toHex(value) } : { op: step.op, ret: -2 };
    }
    case 'delete': {
      let found = true;
      const ret = libbpfRet(() => { found = map(0).delete(hexBytes(step.args[1])); });
      return { op: step.op, ret: ret < 0 ? ret : found ? 0 : -2 };
    }
    case 'next_key': {
      let key: Uint8Array | undefined;
      const ret = libbpfRet(() => {
        key = map(0).nextKey(step.args[1] === undefined ? undefined : hexBytes(step.args[1]));
      });
      if (ret < 0) return { op: step.op, ret };
      return key ? { op: step.op, ret: 0, key: toHex(key) } : { op: step.op, ret: -2 };
    }
    case 'set_initial_value':
      return { op: step.op, ret: libbpfRet(() => map(0).setInitialValue(hexBytes(step.args[1]))) };
    case 'initial_value': {
      let value: Uint8Array | undefined;
      const ret = libbpfRet(() => { value = map(0).initialValue(); });
      if (ret < 0) return { op: step.op, ret };
      return value ? { op: step.op, ret: 0, value: toHex(value) } : { op: step.op, ret: -2 };
    }
    case 'update_batch':
    case 'delete_batch': {
      let count: number | undefined;
      const ret = libbpfRet(() => {
        try {
          count = step.op === 'update_batch'
            ? map(0).updateBatch(hexBytes(step.args[1]), hexBytes(step.args[2]), flags(3))
            : map(0).deleteBatch(hexBytes(step.args[1]), flags(2));
        } catch (e) {
          if (e instanceof BatchError) count = e.count;
          throw e;
        }
      });
      return count === undefined ? { op: step.op, ret } : { op: step.op, ret, count };
    }
    case 'lookup_batch': {
      let r: { count: number; keys: Uint8Array; values: Uint8Array; done: boolean } | undefined;
      let count: number | undefined;
      const ret = libbpfRet(() => {
        try {
          r = map(0).lookupBatch({ count: Number(step.args[1]) });
        } catch (e) {
          if (e instanceof BatchError) count = e.count;
          throw e;
        }
      });
      if (!r) return count === undefined ? { op: step.op, ret } : { op: step.op, ret, count, key: '', value: '' };
      return { op: step.op, ret: r.done ? -2 : 0, count: r.count, key: toHex(r.keys), value: toHex(r.values) };
    }
    case 'map_info': {
      let info: MapInfoRecord | undefined;
      const ret = libbpfRet(() => { info = infoRecord(map(0)); });
      return info ? { op: step.op, ret, info } : { op: step.op, ret };
    }
    case 'attach':
      return { op: step.op, ret: libbpfRet(() => attachStep(prog(0), step, arg).destroy()) };
    case 'attach_struct_ops':
      return { op: step.op, ret: libbpfRet(() => map(0).attachStructOps().destroy()) };
    default:
      throw new Error(`line ${step.line}: unknown step '${step.op}'`);
  }
}


/** attach SLOT PROG [KIND [A [B [C]]]] (docs/differential.md): one attach call, as the native runner makes it. */
function attachStep(p: BpfProgram, step: Step, arg: (i: number) => string): BpfLink {
  const kind = step.args[1] ?? 'auto';
  const need = (n: number) => {
    if (step.args.length < n) throw new Error(`line ${step.line}: attach ${kind} takes ${n - 2} arguments`);
  };
  switch (kind) {
    case 'auto': return p.attach();
    case 'raw_tp': need(3); return p.attachRawTracepoint(step.args[2]);
    case 'tracepoint': need(4); return p.attachTracepoint(step.args[2], step.args[3]);
    case 'kprobe': need(3); return p.attachKprobe(step.args[2]);
    case 'ksyscall': need(3); return p.attachKsyscall(step.args[2]);
    case 'uprobe': need(4); return p.attachUprobe({ binaryPath: arg(2), funcName: step.args[3] });
    case 'usdt': need(5); return p.attachUsdt({ binaryPath: arg(2), provider: step.args[3], name: step.args[4] });
    case 'kprobe_multi': need(3); return p.attachKprobeMulti({ pattern: step.args[2] });
    case 'trace': return p.attachTrace();
    case 'lsm': return p.attachLsm();
    case 'iter': return p.attachIter();
    default: throw new Error(`line ${step.line}: attach: unknown kind '${kind}'`);
  }
}
