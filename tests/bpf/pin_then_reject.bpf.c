// SPDX-License-Identifier: GPL-2.0
/* A map pinned by name next to a program the verifier rejects: libbpf creates and pins
 * the map, then the program load fails, and libbpf must unpin what it pinned. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} pinned_before_reject SEC(".maps");

SEC("socket")
int rejected(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&pinned_before_reject, &key);

	/* No NULL check: the verifier refuses the dereference. */
	return *v;
}

char LICENSE[] SEC("license") = "GPL";
