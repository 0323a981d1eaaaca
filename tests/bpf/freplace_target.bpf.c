// SPDX-License-Identifier: GPL-2.0
/* The target of freplace_drop.bpf.c: an XDP program whose verdict comes from a global
 * (non-static, so separately verified and replaceable) function. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__attribute__((noinline)) int xdp_verdict(struct xdp_md *ctx)
{
	return ctx ? XDP_PASS : XDP_ABORTED;
}

SEC("xdp")
int xdp_entry(struct xdp_md *ctx)
{
	return xdp_verdict(ctx);
}

char LICENSE[] SEC("license") = "GPL";
