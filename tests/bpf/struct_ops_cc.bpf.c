// SPDX-License-Identifier: GPL-2.0
/* A struct_ops map: a TCP congestion control named "lbw_cc" (Reno-like, the least
 * tcp_congestion_ops needs), registered by bpf_map__attach_struct_ops and gone when the
 * link is destroyed. Never made the default: no connection uses it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("struct_ops/lbw_ssthresh")
__u32 BPF_PROG(lbw_ssthresh, struct sock *sk)
{
	const struct tcp_sock *tp = (const struct tcp_sock *)sk;
	__u32 half = tp->snd_cwnd >> 1;

	return half > 2 ? half : 2;
}

SEC("struct_ops/lbw_cong_avoid")
void BPF_PROG(lbw_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC("struct_ops/lbw_undo_cwnd")
__u32 BPF_PROG(lbw_undo_cwnd, struct sock *sk)
{
	const struct tcp_sock *tp = (const struct tcp_sock *)sk;

	return tp->snd_cwnd;
}

SEC(".struct_ops")
struct tcp_congestion_ops lbw_cc = {
	.ssthresh = (void *)lbw_ssthresh,
	.cong_avoid = (void *)lbw_cong_avoid,
	.undo_cwnd = (void *)lbw_undo_cwnd,
	.name = "lbw_cc",
};

char LICENSE[] SEC("license") = "GPL";
