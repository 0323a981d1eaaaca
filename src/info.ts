// What the kernel says about a loaded map, program, BTF object or link
// (BPF_OBJ_GET_INFO_BY_FD through libbpf's bpf_obj_get_info_by_fd), in JS names.
// Struct layouts: kernel-structs.ts.
import type { ModuleInstance } from './module/instance.js';
import type { ModuleExports } from './module/exports.js';
import {
  BPF_BTF_INFO, BPF_LINK_INFO, BPF_MAP_INFO, BPF_PROG_INFO, cString, decode, getInfo, getU32, setField,
} from './kernel-structs.js';

/** A map as the kernel describes it (struct bpf_map_info, fields camel-cased). */
export interface MapInfo {
  type: number; id: number; keySize: number; valueSize: number; maxEntries: number; mapFlags: number;
  name: string; ifindex: number; btfVmlinuxValueTypeId: number; netnsDev: bigint; netnsIno: bigint;
  btfId: number; btfKeyTypeId: number; btfValueTypeId: number; mapExtra: bigint;
}

/** What ProgramInfo fetches beyond struct bpf_prog_info's fixed fields. */
export interface ProgramInfoOptions {
  /** Also fetch the translated (post-verifier) instructions, 8 bytes each. */
  xlatedInsns?: boolean;
  /** Also fetch the JITed machine code. */
  jitedInsns?: boolean;
}

/** A program as the kernel describes it (struct bpf_prog_info, fields camel-cased). */
export interface ProgramInfo {
  type: number; id: number; tag: Uint8Array; name: string;
  jitedProgLen: number; xlatedProgLen: number; loadTime: bigint; createdByUid: number;
  mapIds: number[]; ifindex: number; gplCompatible: boolean; netnsDev: bigint; netnsIno: bigint;
  nrJitedKsyms: number; nrJitedFuncLens: number; btfId: number; funcInfoRecSize: number; nrFuncInfo: number;
  nrLineInfo: number; nrJitedLineInfo: number; lineInfoRecSize: number; jitedLineInfoRecSize: number;
  nrProgTags: number; runTimeNs: bigint; runCnt: bigint; recursionMisses: bigint; verifiedInsns: number;
  attachBtfObjId: number; attachBtfId: number;
  /** With { xlatedInsns: true }. */
  xlatedInsns?: Uint8Array;
  /** With { jitedInsns: true }. */
  jitedInsns?: Uint8Array;
}

/** A BTF object as the kernel describes it (struct bpf_btf_info). */
export interface BtfInfo { id: number; name: string; btfSize: number; kernelBtf: boolean }

/** A link as the kernel describes it (struct bpf_link_info). */
export interface LinkInfo {
  type: number; id: number; progId: number;
  /** The fields of the union member of this link type (BPF_LINK_TYPE_*), camel-cased. */
  detail: Record<string, number | bigint | string>;
}

/** BPF_LINK_TYPE_* values of the vendored bpf.h that have a union member. */
const LINK_TYPE = { RAW_TRACEPOINT: 1, TRACING: 2, CGROUP: 3, ITER: 4, NETNS: 5, XDP: 6 } as const;
const STRING_ROOM = 256;

type Reader<T> = (inst: ModuleInstance, ex: ModuleExports, fd: number) => T | number;

/** One info call through the instance's owner; a LibbpfError naming `op` on failure. */
export function readInfo<T>(inst: ModuleInstance, op: string, fd: number, detail: string, read: Reader<T>): T {
  const r = inst.invoke(op, (ex) => read(inst, ex, fd));
  if (typeof r === 'number') throw inst.error(op, r, detail);
  return r;
}

export const mapInfoReader: Reader<MapInfo> = (inst, ex, fd) => {
  const buf = inst.scratch(BPF_MAP_INFO.size + 8);
  const r = getInfo(inst, ex, fd, BPF_MAP_INFO, buf);
  return r < 0 ? r : decode(inst, BPF_MAP_INFO, buf) as unknown as MapInfo;
};

export function programInfoReader(opts: ProgramInfoOptions = {}): Reader<ProgramInfo> {
  return (inst, ex, fd) => {
    const L = BPF_PROG_INFO.fields;
    // First pass: the counts and lengths; second: the buffers asked for, sized by them.
    let buf = inst.scratch(BPF_PROG_INFO.size + 8);
    let r = getInfo(inst, ex, fd, BPF_PROG_INFO, buf);
    if (r < 0) return r;
    const nMaps = getU32(inst, buf, L.nrMapIds);
    const xl = opts.xlatedInsns ? getU32(inst, buf, L.xlatedProgLen) : 0;
    const jl = opts.jitedInsns ? getU32(inst, buf, L.jitedProgLen) : 0;
    const head = BPF_PROG_INFO.size + 8;
    buf = inst.scratch(head + nMaps * 4 + xl + jl);
    const maps = buf + head;
    const xlated = maps + nMaps * 4;
    const jited = xlated + xl;
    if (nMaps || xl || jl) {
      r = getInfo(inst, ex, fd, BPF_PROG_INFO, buf, (b) => {
        if (nMaps) { setField(inst, b, L.nrMapIds, nMaps); setField(inst, b, L.mapIds, maps); }
        if (xl) { setField(inst, b, L.xlatedProgLen, xl); setField(inst, b, L.xlatedProgInsns, xlated); }
        if (jl) { setField(inst, b, L.jitedProgLen, jl); setField(inst, b, L.jitedProgInsns, jited); }
      });
      if (r < 0) return r;
    }
    const d = decode(inst, BPF_PROG_INFO, buf);
    // The program may have gained maps between the passes (it cannot lose them): keep ours.
    const mapIds = Array.from({ length: Math.min(nMaps, d.nrMapIds as number) },
      (_, i) => inst.view.getUint32(maps + 4 * i, true));
    const info = { ...d, mapIds, gplCompatible: ((d.gplCompatible as number) & 1) === 1 } as Record<string, unknown>;
    for (const k of ['jitedProgInsns', 'xlatedProgInsns', 'nrMapIds', 'jitedKsyms', 'jitedFuncLens', 'funcInfo',
      'lineInfo', 'jitedLineInfo', 'progTags']) delete info[k];
    if (opts.xlatedInsns) info.xlatedInsns = inst.u8.slice(xlated, xlated + Math.min(xl, d.xlatedProgLen as number));
    if (opts.jitedInsns) info.jitedInsns = inst.u8.slice(jited, jited + Math.min(jl, d.jitedProgLen as number));
    return info as unknown as ProgramInfo;
  };
}

export const btfInfoReader: Reader<BtfInfo> = (inst, ex, fd) => {
  const L = BPF_BTF_INFO.fields;
  const buf = inst.scratch(BPF_BTF_INFO.size + 8 + STRING_ROOM);
  const name = buf + BPF_BTF_INFO.size + 8;
  const r = getInfo(inst, ex, fd, BPF_BTF_INFO, buf, (b) => {
    setField(inst, b, L.name, name);
    setField(inst, b, L.nameLen, STRING_ROOM);
  });
  if (r < 0) return r;
  const d = decode(inst, BPF_BTF_INFO, buf);
  return {
    id: d.id as number,
    name: cString(inst.u8.subarray(name, name + STRING_ROOM)),
    btfSize: d.btfSize as number,
    kernelBtf: d.kernelBtf !== 0,
  };
};

export const linkInfoReader: Reader<LinkInfo> = (inst, ex, fd) => {
  const L = BPF_LINK_INFO.fields;
  const buf = inst.scratch(BPF_LINK_INFO.size + 8 + STRING_ROOM);
  const str = buf + BPF_LINK_INFO.size + 8;
  // The string member depends on the type: learn the type first (no pointers set).
  let r = getInfo(inst, ex, fd, BPF_LINK_INFO, buf);
  if (r < 0) return r;
  const type = getU32(inst, buf, L.type);
  const strFields = type === LINK_TYPE.RAW_TRACEPOINT ? [L.tpName, L.tpNameLen]
    : type === LINK_TYPE.ITER ? [L.iterTargetName, L.iterTargetNameLen] : null;
  if (strFields) {
    r = getInfo(inst, ex, fd, BPF_LINK_INFO, buf, (b) => {
      setField(inst, b, strFields[0], str);
      setField(inst, b, strFields[1], STRING_ROOM);
    });
    if (r < 0) return r;
  }
  const d = decode(inst, BPF_LINK_INFO, buf);
  const s = (): string => cString(inst.u8.subarray(str, str + STRING_ROOM));
  const pick = (...keys: (keyof typeof d)[]) => Object.fromEntries(keys.map((k) => [k, d[k]])) as
    Record<string, number | bigint>;
  const detail: Record<string, number | bigint | string> =
    type === LINK_TYPE.RAW_TRACEPOINT ? { tpName: s() }
      : type === LINK_TYPE.TRACING ? pick('tracingAttachType', 'tracingTargetObjId', 'tracingTargetBtfId')
        : type === LINK_TYPE.CGROUP ? pick('cgroupId', 'cgroupAttachType')
          : type === LINK_TYPE.ITER ? { targetName: s(), ...pick('iterMapId') }
            : type === LINK_TYPE.NETNS ? pick('netnsIno', 'netnsAttachType')
              : type === LINK_TYPE.XDP ? pick('xdpIfindex') : {};
  return { type, id: d.id as number, progId: d.progId as number, detail };
};
