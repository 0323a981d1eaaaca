// SPDX-License-Identifier: GPL-2.0
/* A real bpf-to-bpf call: libbpf must append the subprogram's code to the entry program
 * and fix the call offset, and the subprogram must not show up as a program. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/* noinline keeps it a separate function in .text, i.e. a subprogram. */
static __noinline int packet_len(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("socket")
int call_subprog(struct __sk_buff *skb)
{
	return packet_len(skb) + 1;
}

char LICENSE[] SEC("license") = "GPL";
