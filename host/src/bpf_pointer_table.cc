// The table itself. Offsets and field names come from the vendored bpf.h through
// offsetof and stringification, so a name and its offset cannot disagree; the test
// host-pointer-table compiles the same header and checks every row.
#include "bpf_pointer_table.h"

#include <linux/bpf.h>

#include <cstring>

namespace {

#define OFF(T, f) static_cast<uint16_t>(offsetof(T, f))
#define END(T, f) static_cast<uint16_t>(offsetof(T, f) + sizeof(((T *)nullptr)->f))

// Length rules. T is the struct holding both the pointer and its length fields.
#define CSTRING() LenRule{Len::CString, 0, 0, 1, nullptr, nullptr, "NUL-terminated string"}
#define BYTES(T, n) LenRule{Len::Field, OFF(T, n), 0, 1, #n, nullptr, #n}
#define TIMES(T, n, k, text) LenRule{Len::Field, OFF(T, n), 0, k, #n, nullptr, text}
#define RECORDS(T, n, r, kmin, text) \
  LenRule{Len::FieldTimesRec, OFF(T, n), OFF(T, r), kmin, #n, #r, text}
#define MAP(kind, text) LenRule{Len::kind, 0, 0, 1, nullptr, nullptr, text}
#define MAP_COUNT(kind, T, n, text) LenRule{Len::kind, OFF(T, n), 0, 1, #n, nullptr, text}
#define OUT_CAP(T, n, text) LenRule{Len::DataOut, OFF(T, n), 0, 1, #n, nullptr, text}
#define INFO(T, n, fd) \
  LenRule{Len::Info, OFF(T, n), OFF(T, fd), 1, #n, #fd, "info.info_len (struct chosen by the fd's kind)"}
#define FD_ARRAY(T, cnt, insns)                                            \
  LenRule{Len::FdArray, OFF(T, cnt), OFF(T, insns), 4, #cnt, #insns, \
          "4 * (highest fd_array index the insns reference + 1)"}
#define WIDE(kind, T, n, text) LenRule{Len::kind, OFF(T, n), 0, 4, #n, nullptr, text}

#define PTR(T, f, rule) PtrField{#f, OFF(T, f), rule, When{}}
#define PTR_WHEN(T, f, rule, sel, val) PtrField{#f, OFF(T, f), rule, When{#sel, OFF(T, sel), val}}

using A = union bpf_attr;

const PtrField kElem[] = {
    PTR(A, key, MAP(MapKey, "map.key_size")),
    PTR(A, value, MAP(MapValue, "map.value_size (per-CPU: round_up(value_size, 8) * possible CPUs)")),
};
const PtrField kElemDelete[] = {
    PTR(A, key, MAP(MapKey, "map.key_size")),
};
const PtrField kElemNextKey[] = {
    PTR(A, key, MAP(MapKey, "map.key_size")),
    PTR(A, next_key, MAP(MapKey, "map.key_size")),
};
const PtrField kBatchLookup[] = {
    PTR(A, batch.in_batch, MAP(MapBatchToken, "max(map.key_size, 4)")),
    PTR(A, batch.out_batch, MAP(MapBatchToken, "max(map.key_size, 4)")),
    PTR(A, batch.keys, MAP_COUNT(MapKeys, A, batch.count, "batch.count * map.key_size")),
    PTR(A, batch.values, MAP_COUNT(MapValues, A, batch.count, "batch.count * map value size (per-CPU adjusted)")),
};
const PtrField kBatchUpdate[] = {
    PTR(A, batch.keys, MAP_COUNT(MapKeys, A, batch.count, "batch.count * map.key_size")),
    PTR(A, batch.values, MAP_COUNT(MapValues, A, batch.count, "batch.count * map value size (per-CPU adjusted)")),
};
const PtrField kBatchDelete[] = {
    PTR(A, batch.keys, MAP_COUNT(MapKeys, A, batch.count, "batch.count * map.key_size")),
};
const PtrField kProgLoad[] = {
    PTR(A, insns, TIMES(A, insn_cnt, 8, "insn_cnt * 8")),
    PTR(A, license, CSTRING()),
    PTR(A, log_buf, BYTES(A, log_size)),
    PTR(A, func_info, RECORDS(A, func_info_cnt, func_info_rec_size, 1, "func_info_cnt * func_info_rec_size")),
    PTR(A, line_info, RECORDS(A, line_info_cnt, line_info_rec_size, 1, "line_info_cnt * line_info_rec_size")),
    PTR(A, fd_array, FD_ARRAY(A, insn_cnt, insns)),
    PTR(A, core_relos, RECORDS(A, core_relo_cnt, core_relo_rec_size, 1, "core_relo_cnt * core_relo_rec_size")),
};
const PtrField kObjPath[] = {
    PTR(A, pathname, CSTRING()),
};
const PtrField kTestRun[] = {
    PTR(A, test.data_in, BYTES(A, test.data_size_in)),
    PTR(A, test.data_out, OUT_CAP(A, test.data_size_out, "test.data_size_out (0: rest of memory)")),
    PTR(A, test.ctx_in, BYTES(A, test.ctx_size_in)),
    PTR(A, test.ctx_out, BYTES(A, test.ctx_size_out)),
};
const PtrField kInfo[] = {
    PTR(A, info.info, INFO(A, info.info_len, info.bpf_fd)),
};
const PtrField kQuery[] = {
    PTR(A, query.prog_ids, TIMES(A, query.prog_cnt, 4, "query.prog_cnt * 4")),
    PTR(A, query.prog_attach_flags, TIMES(A, query.prog_cnt, 4, "query.prog_cnt * 4")),
};
const PtrField kRawTp[] = {
    PTR(A, raw_tracepoint.name, CSTRING()),
};
const PtrField kBtfLoad[] = {
    PTR(A, btf, BYTES(A, btf_size)),
    PTR(A, btf_log_buf, BYTES(A, btf_log_size)),
};
const PtrField kTaskFdQuery[] = {
    PTR(A, task_fd_query.buf, BYTES(A, task_fd_query.buf_len)),
};
const PtrField kLinkCreate[] = {
    PTR_WHEN(A, link_create.iter_info, BYTES(A, link_create.iter_info_len),
             link_create.attach_type, BPF_TRACE_ITER),
    PTR_WHEN(A, link_create.kprobe_multi.syms,
             WIDE(StrPtrArray32, A, link_create.kprobe_multi.cnt,
                  "kprobe_multi.cnt * 4: wasm32 char* entries, each a NUL-terminated string"),
             link_create.attach_type, BPF_TRACE_KPROBE_MULTI),
    PTR_WHEN(A, link_create.kprobe_multi.addrs,
             WIDE(U32Array32, A, link_create.kprobe_multi.cnt,
                  "kprobe_multi.cnt * 4: wasm32 unsigned long entries, widened to u64"),
             link_create.attach_type, BPF_TRACE_KPROBE_MULTI),
    PTR_WHEN(A, link_create.kprobe_multi.cookies,
             TIMES(A, link_create.kprobe_multi.cnt, 8, "kprobe_multi.cnt * 8"),
             link_create.attach_type, BPF_TRACE_KPROBE_MULTI),
};

#define N(arr) static_cast<uint8_t>(sizeof(arr) / sizeof(arr[0]))
#define CMD(c, last, mapfd, arr, fd) \
  CmdSpec{c, #c, #last, OFF(A, last), END(A, last), mapfd, arr, N(arr), fd}
#define CMD0(c, last, fd) CmdSpec{c, #c, #last, OFF(A, last), END(A, last), -1, nullptr, 0, fd}

const CmdSpec kCmds[] = {
    CMD0(BPF_MAP_CREATE, map_extra, true),
    CMD(BPF_MAP_LOOKUP_ELEM, flags, OFF(A, map_fd), kElem, false),
    CMD(BPF_MAP_UPDATE_ELEM, flags, OFF(A, map_fd), kElem, false),
    CMD(BPF_MAP_DELETE_ELEM, flags, OFF(A, map_fd), kElemDelete, false),
    CMD(BPF_MAP_GET_NEXT_KEY, flags, OFF(A, map_fd), kElemNextKey, false),
    CMD(BPF_PROG_LOAD, core_relo_rec_size, -1, kProgLoad, true),
    CMD(BPF_OBJ_PIN, file_flags, -1, kObjPath, false),
    CMD(BPF_OBJ_GET, file_flags, -1, kObjPath, true),
    CMD0(BPF_PROG_ATTACH, replace_bpf_fd, false),
    CMD0(BPF_PROG_DETACH, replace_bpf_fd, false),
    CMD(BPF_PROG_TEST_RUN, test.batch_size, -1, kTestRun, false),
    CMD0(BPF_PROG_GET_NEXT_ID, open_flags, false),
    CMD0(BPF_MAP_GET_NEXT_ID, open_flags, false),
    CMD0(BPF_PROG_GET_FD_BY_ID, open_flags, true),
    CMD0(BPF_MAP_GET_FD_BY_ID, open_flags, true),
    CMD(BPF_OBJ_GET_INFO_BY_FD, info.info, -1, kInfo, false),
    CMD(BPF_PROG_QUERY, query.prog_attach_flags, -1, kQuery, false),
    CMD(BPF_RAW_TRACEPOINT_OPEN, raw_tracepoint.prog_fd, -1, kRawTp, true),
    CMD(BPF_BTF_LOAD, btf_log_level, -1, kBtfLoad, true),
    CMD0(BPF_BTF_GET_FD_BY_ID, open_flags, true),
    CMD(BPF_TASK_FD_QUERY, task_fd_query.probe_addr, -1, kTaskFdQuery, false),
    CMD(BPF_MAP_LOOKUP_AND_DELETE_ELEM, flags, OFF(A, map_fd), kElem, false),
    CMD0(BPF_MAP_FREEZE, flags, false),
    CMD0(BPF_BTF_GET_NEXT_ID, open_flags, false),
    CMD(BPF_MAP_LOOKUP_BATCH, batch.flags, OFF(A, batch.map_fd), kBatchLookup, false),
    CMD(BPF_MAP_LOOKUP_AND_DELETE_BATCH, batch.flags, OFF(A, batch.map_fd), kBatchLookup, false),
    CMD(BPF_MAP_UPDATE_BATCH, batch.flags, OFF(A, batch.map_fd), kBatchUpdate, false),
    CMD(BPF_MAP_DELETE_BATCH, batch.flags, OFF(A, batch.map_fd), kBatchDelete, false),
    CmdSpec{BPF_LINK_CREATE, "BPF_LINK_CREATE", "link_create.kprobe_multi.cookies",
            OFF(A, link_create.kprobe_multi.cookies), END(A, link_create.kprobe_multi.cookies),
            -1, kLinkCreate, N(kLinkCreate), true,
            When{"link_create.attach_type", OFF(A, link_create.attach_type), __MAX_BPF_ATTACH_TYPE}},
    CMD0(BPF_LINK_UPDATE, link_update.old_prog_fd, false),
    CMD0(BPF_LINK_GET_FD_BY_ID, open_flags, true),
    CMD0(BPF_LINK_GET_NEXT_ID, open_flags, false),
    CMD0(BPF_ENABLE_STATS, enable_stats.type, true),
    CMD0(BPF_ITER_CREATE, iter_create.flags, true),
    CMD0(BPF_LINK_DETACH, link_detach.link_fd, false),
    CMD0(BPF_PROG_BIND_MAP, prog_bind_map.flags, false),
};

// The host rewrites these length fields in its copy of attr (DataOut's 0, a clamped
// info_len, the pinned bpf_fd). The kernel must see the rewrite whenever it sees the pointer, i.e. the field
// must lie before the pointer: a size that covers the pointer then covers the length.
static_assert(offsetof(A, test.data_size_out) < offsetof(A, test.data_out), "DataOut order");
static_assert(offsetof(A, info.info_len) < offsetof(A, info.info), "Info order");
static_assert(offsetof(A, info.bpf_fd) < offsetof(A, info.info), "Info: the pinned fd");

// The table must cover the header's whole enum, in order, so lookup is an index.
static_assert(sizeof(kCmds) / sizeof(kCmds[0]) == BPF_PROG_BIND_MAP + 1,
              "every enum bpf_cmd value of the vendored bpf.h needs a row");

using PI = struct bpf_prog_info;
using BI = struct bpf_btf_info;
using LI = struct bpf_link_info;

const PtrField kProgInfo[] = {
    PTR(PI, jited_prog_insns, BYTES(PI, jited_prog_len)),
    PTR(PI, xlated_prog_insns, BYTES(PI, xlated_prog_len)),
    PTR(PI, map_ids, TIMES(PI, nr_map_ids, 4, "nr_map_ids * 4")),
    PTR(PI, jited_ksyms, TIMES(PI, nr_jited_ksyms, 8, "nr_jited_ksyms * 8")),
    PTR(PI, jited_func_lens, TIMES(PI, nr_jited_func_lens, 4, "nr_jited_func_lens * 4")),
    PTR(PI, func_info, RECORDS(PI, nr_func_info, func_info_rec_size, sizeof(struct bpf_func_info),
                               "nr_func_info * max(func_info_rec_size, sizeof(struct bpf_func_info))")),
    PTR(PI, line_info, RECORDS(PI, nr_line_info, line_info_rec_size, sizeof(struct bpf_line_info),
                               "nr_line_info * max(line_info_rec_size, sizeof(struct bpf_line_info))")),
    PTR(PI, jited_line_info, RECORDS(PI, nr_jited_line_info, jited_line_info_rec_size, 8,
                                     "nr_jited_line_info * max(jited_line_info_rec_size, 8)")),
    PTR(PI, prog_tags, TIMES(PI, nr_prog_tags, BPF_TAG_SIZE, "nr_prog_tags * 8")),
};
const PtrField kBtfInfo[] = {
    PTR(BI, btf, BYTES(BI, btf_size)),
    PTR(BI, name, BYTES(BI, name_len)),
};
const PtrField kLinkInfo[] = {
    PTR_WHEN(LI, raw_tracepoint.tp_name, BYTES(LI, raw_tracepoint.tp_name_len), type,
             BPF_LINK_TYPE_RAW_TRACEPOINT),
    PTR_WHEN(LI, iter.target_name, BYTES(LI, iter.target_name_len), type, BPF_LINK_TYPE_ITER),
};

const InfoSpec kInfos[] = {
    {"bpf-prog", "bpf_prog_info", sizeof(PI), kProgInfo, N(kProgInfo), -1, 0},
    {"bpf-map", "bpf_map_info", sizeof(struct bpf_map_info), nullptr, 0, -1, 0},
    {"btf", "bpf_btf_info", sizeof(BI), kBtfInfo, N(kBtfInfo), -1, 0},
    {"bpf_link", "bpf_link_info", sizeof(LI), kLinkInfo, N(kLinkInfo), OFF(LI, raw_tracepoint),
     OFF(LI, type)},
};

}  // namespace

const CmdSpec *bpf_cmd_spec(uint32_t cmd) {
  if (cmd >= sizeof(kCmds) / sizeof(kCmds[0])) return nullptr;
  return kCmds[cmd].cmd == cmd ? &kCmds[cmd] : nullptr;
}

const CmdSpec *bpf_cmd_specs(size_t *count) {
  *count = sizeof(kCmds) / sizeof(kCmds[0]);
  return kCmds;
}

const InfoSpec *bpf_info_spec(const char *kind) {
  // The kernel names a link's anon inode "bpf_link" where the link is created
  // (bpf_link_prime) and "bpf-link" on an fd opened later by id or pin (bpf_link_new_fd).
  if (std::strcmp(kind, "bpf-link") == 0) kind = "bpf_link";
  for (const auto &s : kInfos)
    if (std::strcmp(s.kind, kind) == 0) return &s;
  return nullptr;
}

const InfoSpec *bpf_info_specs(size_t *count) {
  *count = sizeof(kInfos) / sizeof(kInfos[0]);
  return kInfos;
}
