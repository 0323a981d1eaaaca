// Layouts of the kernel structs the host tests write and read, taken from the vendored
// bpf.h by compiling a small offsetof() program with cc (once per process) — never typed
// by hand. `headerLayout` serves any (struct, field) list, e.g. the pointer table's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const uapiDir = join(root, 'vendor', 'libbpf', 'src', 'include', 'uapi');

const cType = (s) => (s === 'bpf_attr' ? 'union bpf_attr' : `struct ${s}`);

/**
 * Compiles and runs one C program against the vendored bpf.h. fields: [{struct, field}],
 * structs: names whose sizeof is wanted, constants: enum/macro names.
 * Returns {fields: Map("struct.field" -> {offset, size}), sizes: {}, constants: {}}.
 */
export function headerLayout({ fields = [], structs = [], constants = [] }) {
  const lines = [
    '#include <stddef.h>',
    '#include <stdio.h>',
    '#include <linux/bpf.h>',
    'int main(void) {',
  ];
  for (const { struct, field } of fields) {
    const T = cType(struct);
    lines.push(
      `  printf("F %s %s %zu %zu\\n", "${struct}", "${field}", offsetof(${T}, ${field}), sizeof(((${T} *)0)->${field}));`,
    );
  }
  for (const s of structs) lines.push(`  printf("S %s %zu\\n", "${s}", sizeof(${cType(s)}));`);
  for (const c of constants) lines.push(`  printf("C %s %lld\\n", "${c}", (long long)(${c}));`);
  lines.push('  return 0;', '}');
  const dir = mkdtempSync(join(tmpdir(), 'libbpf-wasm-layout-'));
  try {
    writeFileSync(join(dir, 'layout.c'), lines.join('\n'));
    execFileSync('cc', ['-I', uapiDir, '-o', join(dir, 'layout'), join(dir, 'layout.c')], {
      stdio: 'pipe',
    });
    const out = execFileSync(join(dir, 'layout'), { encoding: 'utf8' });
    const res = { fields: new Map(), sizes: {}, constants: {} };
    for (const line of out.trim().split('\n')) {
      const p = line.split(' ');
      if (p[0] === 'F') res.fields.set(`${p[1]}.${p[2]}`, { offset: +p[3], size: +p[4] });
      else if (p[0] === 'S') res.sizes[p[1]] = +p[2];
      else res.constants[p[1]] = Number(p[2]);
    }
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The fields and constants the host tests use: declared here once.
const USED = {
  bpf_attr: [
    'map_type', 'key_size', 'value_size', 'max_entries', 'map_flags', 'map_name', 'btf_fd',
    'btf_key_type_id', 'btf_value_type_id',
    'map_fd', 'key', 'value', 'next_key', 'flags',
    'batch.in_batch', 'batch.out_batch', 'batch.keys', 'batch.values', 'batch.count',
    'batch.map_fd', 'batch.elem_flags', 'batch.flags',
    'prog_type', 'insn_cnt', 'insns', 'license', 'log_level', 'log_size', 'log_buf',
    'prog_flags', 'prog_name', 'expected_attach_type', 'prog_btf_fd', 'attach_btf_id',
    'fd_array', 'func_info', 'func_info_cnt', 'func_info_rec_size',
    'pathname', 'bpf_fd', 'file_flags',
    'target_fd', 'attach_bpf_fd', 'attach_type', 'attach_flags', 'replace_bpf_fd',
    'test.prog_fd', 'test.retval', 'test.data_size_in', 'test.data_size_out', 'test.data_in',
    'test.data_out', 'test.repeat', 'test.duration', 'test.ctx_size_in', 'test.ctx_size_out',
    'test.ctx_in', 'test.ctx_out',
    'start_id', 'next_id', 'open_flags', 'prog_id', 'map_id', 'btf_id', 'link_id',
    'info.bpf_fd', 'info.info_len', 'info.info',
    'query.target_fd', 'query.attach_type', 'query.query_flags', 'query.attach_flags',
    'query.prog_ids', 'query.prog_cnt', 'query.prog_attach_flags',
    'raw_tracepoint.name', 'raw_tracepoint.prog_fd',
    'btf', 'btf_log_buf', 'btf_size', 'btf_log_size', 'btf_log_level',
    'task_fd_query.pid', 'task_fd_query.fd', 'task_fd_query.flags', 'task_fd_query.buf_len',
    'task_fd_query.buf', 'task_fd_query.prog_id', 'task_fd_query.fd_type',
    'link_create.prog_fd', 'link_create.target_fd', 'link_create.attach_type',
    'link_create.flags', 'link_create.iter_info', 'link_create.iter_info_len',
    'link_create.kprobe_multi.flags', 'link_create.kprobe_multi.cnt',
    'link_create.kprobe_multi.syms', 'link_create.kprobe_multi.addrs',
    'link_create.kprobe_multi.cookies',
    'link_update.link_fd', 'link_update.new_prog_fd', 'link_update.flags',
    'link_update.old_prog_fd', 'link_detach.link_fd', 'enable_stats.type',
    'iter_create.link_fd', 'iter_create.flags',
    'prog_bind_map.prog_fd', 'prog_bind_map.map_fd', 'prog_bind_map.flags',
  ],
  bpf_map_info: ['type', 'id', 'key_size', 'value_size', 'max_entries', 'map_flags', 'name'],
  bpf_prog_info: [
    'type', 'id', 'tag', 'jited_prog_len', 'xlated_prog_len', 'jited_prog_insns',
    'xlated_prog_insns', 'nr_map_ids', 'map_ids', 'name', 'nr_jited_ksyms', 'jited_ksyms',
    'nr_prog_tags', 'prog_tags', 'run_cnt',
  ],
  bpf_btf_info: ['btf', 'btf_size', 'id', 'name', 'name_len'],
  bpf_link_info: [
    'type', 'id', 'prog_id', 'raw_tracepoint.tp_name', 'raw_tracepoint.tp_name_len',
    'iter.target_name', 'iter.target_name_len', 'iter.map.map_id', 'cgroup.cgroup_id',
    'cgroup.attach_type',
  ],
};
const CONSTANTS = [
  'BPF_MAP_TYPE_HASH', 'BPF_MAP_TYPE_ARRAY', 'BPF_MAP_TYPE_PERCPU_HASH',
  'BPF_MAP_TYPE_PERCPU_ARRAY', 'BPF_MAP_TYPE_QUEUE', 'BPF_MAP_TYPE_STACK',
  'BPF_MAP_TYPE_LPM_TRIE', 'BPF_MAP_TYPE_RINGBUF',
  'BPF_PROG_TYPE_SOCKET_FILTER', 'BPF_PROG_TYPE_KPROBE', 'BPF_PROG_TYPE_SCHED_CLS',
  'BPF_PROG_TYPE_RAW_TRACEPOINT', 'BPF_PROG_TYPE_CGROUP_SKB', 'BPF_PROG_TYPE_TRACING',
  'BPF_PROG_TYPE_XDP',
  'BPF_CGROUP_INET_INGRESS', 'BPF_CGROUP_INET_EGRESS', 'BPF_TRACE_ITER',
  'BPF_TRACE_KPROBE_MULTI', '__MAX_BPF_ATTACH_TYPE',
  'BPF_LINK_TYPE_RAW_TRACEPOINT', 'BPF_LINK_TYPE_CGROUP', 'BPF_LINK_TYPE_ITER',
  'BPF_ANY', 'BPF_NOEXIST', 'BPF_EXIST', 'BPF_F_ALLOW_MULTI', 'BPF_F_QUERY_EFFECTIVE',
  'BPF_STATS_RUN_TIME', 'BPF_FD_TYPE_RAW_TRACEPOINT', 'BPF_OBJ_NAME_LEN', 'BPF_TAG_SIZE',
  'BPF_PSEUDO_MAP_IDX', 'BPF_PSEUDO_MAP_FD',
];

let cached;
/** L.bpf_attr['batch.count'] -> {offset, size}; L.sizes.bpf_attr; L.c.BPF_MAP_TYPE_HASH */
export function layout() {
  if (cached) return cached;
  const fields = [];
  for (const [struct, names] of Object.entries(USED))
    for (const field of names) fields.push({ struct, field });
  const r = headerLayout({ fields, structs: Object.keys(USED), constants: CONSTANTS });
  cached = { sizes: r.sizes, c: r.constants };
  for (const struct of Object.keys(USED)) {
    cached[struct] = {};
    for (const field of USED[struct]) cached[struct][field] = r.fields.get(`${struct}.${field}`);
  }
  return cached;
}
