// SPDX-License-Identifier: GPL-2.0
/* A map in the legacy SEC("maps") format (struct bpf_map_def), which libbpf 1.0 dropped:
 * open must fail. bpf_helpers.h no longer declares the struct, so it is spelled out. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") legacy = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

SEC("socket")
int use_legacy(struct __sk_buff *skb)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&legacy, &key) ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
