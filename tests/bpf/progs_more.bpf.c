// SPDX-License-Identifier: GPL-2.0
/* More SEC() kinds than progs_sections.bpf.c, for the program type and expected attach
 * type libbpf derives from each; all trivial, and all loadable without trampolines. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("cgroup/connect4")
int p_connect4(struct bpf_sock_addr *ctx) { return 1; }

SEC("cgroup/sock_create")
int p_sock_create(struct bpf_sock *ctx) { return 1; }

SEC("sockops")
int p_sockops(struct bpf_sock_ops *ctx) { return 1; }

SEC("sk_skb/stream_verdict")
int p_sk_skb(struct __sk_buff *skb) { return SK_PASS; }

SEC("sk_msg")
int p_sk_msg(struct sk_msg_md *msg) { return SK_PASS; }

SEC("perf_event")
int p_perf_event(void *ctx) { return 0; }

SEC("uprobe")
int p_uprobe(struct pt_regs *ctx) { return 0; }

SEC("tp_btf/sched_switch")
int p_tp_btf(u64 *ctx) { return 0; }

SEC("flow_dissector")
int p_flow_dissector(struct __sk_buff *skb) { return BPF_OK; }

SEC("sk_lookup")
int p_sk_lookup(struct bpf_sk_lookup *ctx) { return SK_PASS; }

SEC("cgroup/sysctl")
int p_sysctl(struct bpf_sysctl *ctx) { return 1; }

SEC("lwt_in")
int p_lwt_in(struct __sk_buff *skb) { return BPF_OK; }

char LICENSE[] SEC("license") = "GPL";
