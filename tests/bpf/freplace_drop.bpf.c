// SPDX-License-Identifier: GPL-2.0
/* Replaces xdp_verdict of freplace_target.bpf.c: once attached, the target answers
 * XDP_DROP. The target program is given before load (bpf_program__set_attach_target). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("freplace/xdp_verdict")
int xdp_verdict_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
