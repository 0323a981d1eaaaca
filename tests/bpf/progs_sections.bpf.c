// SPDX-License-Identifier: GPL-2.0
/* One program per common SEC() kind: libbpf derives the program type and the expected
 * attach type from the section name, which is what this object exercises. All trivial.
 * fentry lives in fentry.bpf.c because not every kernel can load it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int p_xdp(struct xdp_md *ctx) { return XDP_PASS; }

SEC("tc")
int p_tc(struct __sk_buff *skb) { return 0; }

SEC("socket")
int p_socket(struct __sk_buff *skb) { return 0; }

SEC("tracepoint/syscalls/sys_enter_openat")
int p_tracepoint(void *ctx) { return 0; }

SEC("kprobe/do_sys_openat2")
int p_kprobe(struct pt_regs *ctx) { return 0; }

SEC("raw_tp/sys_enter")
int p_raw_tp(void *ctx) { return 0; }

SEC("cgroup_skb/ingress")
int p_cgroup_skb(struct __sk_buff *skb) { return 1; }

char LICENSE[] SEC("license") = "GPL";
