// SPDX-License-Identifier: GPL-2.0
/* Programs the attach tests run against the real kernel: each counts its hits in a slot of
 * `hits` (see SLOT_*), so a test can tell that its attachment made the program run. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

enum { SLOT_RAW_TP, SLOT_XDP, SLOT_TC, SLOT_UPROBE, SLOT_CGROUP_SKB, SLOT_SK_LOOKUP, SLOT_CGROUP_SOCK, SLOT_PERF_EVENT, SLOT_MAX = 16 };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SLOT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

/* pid (tgid) -> execs seen by the tracepoint */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} execs SEC(".maps");

static void hit(__u32 slot)
{
	__u64 *n = bpf_map_lookup_elem(&hits, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("tracepoint/syscalls/sys_enter_execve")
int tp_execve(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *n = bpf_map_lookup_elem(&execs, &pid);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&execs, &pid, &one, BPF_ANY);
	return 0;
}

SEC("raw_tp/sys_enter")
int raw_tp_sys_enter(void *ctx) { hit(SLOT_RAW_TP); return 0; }

SEC("xdp")
int xdp_pass_count(struct xdp_md *ctx) { hit(SLOT_XDP); return XDP_PASS; }

SEC("xdp")
int xdp_drop(struct xdp_md *ctx) { return XDP_DROP; }

SEC("tc")
int tc_count(struct __sk_buff *skb) { hit(SLOT_TC); return 0; /* TC_ACT_OK */ }

SEC("uprobe")
int uprobe_count(struct pt_regs *ctx) { hit(SLOT_UPROBE); return 0; }

SEC("cgroup_skb/egress")
int cgroup_skb_count(struct __sk_buff *skb) { hit(SLOT_CGROUP_SKB); return 1; }

SEC("cgroup/sock_create")
int cgroup_sock_count(struct bpf_sock *sk) { hit(SLOT_CGROUP_SOCK); return 1; }

SEC("sk_lookup")
int sk_lookup_pass(struct bpf_sk_lookup *ctx) { hit(SLOT_SK_LOOKUP); return SK_PASS; }

SEC("iter/task")
int iter_tasks(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (task && task->pid == task->tgid)
		BPF_SEQ_PRINTF(ctx->meta->seq, "%d %s\n", task->tgid, task->comm);
	return 0;
}

/* A map iterator: one line per element of the map given at attach time (attachIter({ mapFd })). */
SEC("iter/bpf_map_elem")
int iter_map_elems(struct bpf_iter__bpf_map_elem *ctx)
{
	__u32 *key = ctx->key;
	__u64 *val = ctx->value;

	if (key && val)
		BPF_SEQ_PRINTF(ctx->meta->seq, "%u=%llu\n", *key, *val);
	return 0;
}

SEC("kprobe/do_nanosleep")
int kprobe_nanosleep(struct pt_regs *ctx) { return 0; }

SEC("ksyscall/nanosleep")
int ksyscall_nanosleep(struct pt_regs *ctx) { return 0; }

SEC("perf_event")
int perf_event_count(struct bpf_perf_event_data *ctx)
{
	hit(SLOT_PERF_EVENT);
	return 0;
}

SEC("kprobe.multi/do_nanosleep")
int kprobe_multi_nanosleep(struct pt_regs *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";
