// SPDX-License-Identifier: GPL-2.0
/* USDT programs for the attach tests: usdt_count counts hits of the probe it is attached
 * to and keeps the probe's first argument and the attach cookie; usdt_args keeps three
 * arguments (libbpf's usdt.bpf.h decodes them from the spec libbpf's usdt.c wrote for the
 * probe: register, memory operand, constant). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

__u64 usdt_hits;
long usdt_arg0;
long usdt_cookie;
long usdt_args[3];
int usdt_arg_cnt;

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

SEC("usdt")
int usdt_args3(struct pt_regs *ctx)
{
	long v;
	int i;

	usdt_arg_cnt = bpf_usdt_arg_cnt(ctx);
	for (i = 0; i < 3; i++) {
		v = 0;
		if (bpf_usdt_arg(ctx, i, &v) == 0)
			usdt_args[i] = v;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
