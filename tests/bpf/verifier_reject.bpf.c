// SPDX-License-Identifier: GPL-2.0
/* Compiles and opens fine, but the verifier must reject it at load: it reads the stack
 * above the frame pointer, which is out of bounds for every program. Inline asm keeps
 * the compiler from optimising the bad access away. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("socket")
int bad_stack_read(struct __sk_buff *skb)
{
	__u64 v;

	asm volatile("%0 = *(u64 *)(r10 + 8)" : "=r"(v));
	return v;
}

char LICENSE[] SEC("license") = "GPL";
