// SPDX-License-Identifier: GPL-2.0
/* A USDT program for the attach tests: counts hits of the probe it is attached to and
 * keeps the probe's first argument and the attach cookie (libbpf's usdt.bpf.h decodes both
 * from the spec libbpf's usdt.c wrote for the probe). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

__u64 usdt_hits;
long usdt_arg0;
long usdt_cookie;

SEC("usdt")
int usdt_count(struct pt_regs *ctx)
{
	long v = 0;

	__sync_fetch_and_add(&usdt_hits, 1);
	if (bpf_usdt_arg(ctx, 0, &v) == 0)
		usdt_arg0 = v;
	usdt_cookie = bpf_usdt_cookie(ctx);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
