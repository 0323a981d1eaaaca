// SPDX-License-Identifier: GPL-2.0
/* A CO-RE-heavy object for the lifecycle benchmark (bench/lifecycle.mjs): 20 maps and 10
 * programs, each program reading many task_struct, mm_struct and file fields through
 * BPF_CORE_READ, so libbpf resolves a few hundred CO-RE relocations against the kernel's
 * BTF at every load, as tools built on vmlinux.h do. Loadable on this kernel (raw_tp). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define STATS_MAP(n)                          \
	struct {                                  \
		__uint(type, BPF_MAP_TYPE_HASH);      \
		__type(key, __u32);                   \
		__type(value, __u64);                 \
		__uint(max_entries, 64);              \
	} stats_##n SEC(".maps")

STATS_MAP(0); STATS_MAP(1); STATS_MAP(2); STATS_MAP(3); STATS_MAP(4);
STATS_MAP(5); STATS_MAP(6); STATS_MAP(7); STATS_MAP(8); STATS_MAP(9);
STATS_MAP(10); STATS_MAP(11); STATS_MAP(12); STATS_MAP(13); STATS_MAP(14);
STATS_MAP(15); STATS_MAP(16); STATS_MAP(17); STATS_MAP(18); STATS_MAP(19);

/* About 40 relocations per program. */
static __always_inline __u64 task_digest(struct task_struct *t)
{
	__u64 d = 0;

	d += BPF_CORE_READ(t, pid);
	d += BPF_CORE_READ(t, tgid);
	d += BPF_CORE_READ(t, prio);
	d += BPF_CORE_READ(t, static_prio);
	d += BPF_CORE_READ(t, normal_prio);
	d += BPF_CORE_READ(t, policy);
	d += BPF_CORE_READ(t, flags);
	d += BPF_CORE_READ(t, exit_code);
	d += BPF_CORE_READ(t, exit_signal);
	d += BPF_CORE_READ(t, utime);
	d += BPF_CORE_READ(t, stime);
	d += BPF_CORE_READ(t, nvcsw);
	d += BPF_CORE_READ(t, nivcsw);
	d += BPF_CORE_READ(t, start_time);
	d += BPF_CORE_READ(t, real_parent, pid);
	d += BPF_CORE_READ(t, real_parent, tgid);
	d += BPF_CORE_READ(t, parent, pid);
	d += BPF_CORE_READ(t, group_leader, pid);
	d += BPF_CORE_READ(t, mm, total_vm);
	d += BPF_CORE_READ(t, mm, locked_vm);
	d += BPF_CORE_READ(t, mm, map_count);
	d += BPF_CORE_READ(t, mm, data_vm);
	d += BPF_CORE_READ(t, mm, exec_vm);
	d += BPF_CORE_READ(t, mm, stack_vm);
	d += BPF_CORE_READ(t, mm, start_code);
	d += BPF_CORE_READ(t, mm, end_code);
	d += BPF_CORE_READ(t, mm, start_data);
	d += BPF_CORE_READ(t, mm, end_data);
	d += BPF_CORE_READ(t, mm, start_brk);
	d += BPF_CORE_READ(t, mm, brk);
	d += BPF_CORE_READ(t, mm, start_stack);
	d += BPF_CORE_READ(t, mm, arg_start);
	d += BPF_CORE_READ(t, mm, arg_end);
	d += BPF_CORE_READ(t, mm, env_start);
	d += BPF_CORE_READ(t, mm, env_end);
	d += BPF_CORE_READ(t, cred, uid.val);
	d += BPF_CORE_READ(t, cred, gid.val);
	d += BPF_CORE_READ(t, cred, euid.val);
	d += BPF_CORE_READ(t, cred, egid.val);
	d += BPF_CORE_READ(t, nsproxy, uts_ns, ns.inum);
	return d;
}

#define PROG(n, m1, m2)                                              \
	SEC("raw_tp/sys_enter")                                          \
	int prog_##n(void *ctx)                                          \
	{                                                                \
		struct task_struct *t = (void *)bpf_get_current_task();     \
		__u32 key = n;                                               \
		__u64 d = task_digest(t);                                    \
		bpf_map_update_elem(&stats_##m1, &key, &d, BPF_ANY);         \
		bpf_map_update_elem(&stats_##m2, &key, &d, BPF_ANY);         \
		return 0;                                                    \
	}

PROG(0, 0, 1) PROG(1, 2, 3) PROG(2, 4, 5) PROG(3, 6, 7) PROG(4, 8, 9)
PROG(5, 10, 11) PROG(6, 12, 13) PROG(7, 14, 15) PROG(8, 16, 17) PROG(9, 18, 19)

char LICENSE[] SEC("license") = "GPL";
