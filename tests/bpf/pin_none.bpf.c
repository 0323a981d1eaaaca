// SPDX-License-Identifier: GPL-2.0
/* `pinning` present but LIBBPF_PIN_NONE: libbpf must treat the map as not pinned (no
 * pin_path, nothing created under the pin root), like a map without the attribute. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_NONE);
} nopin SEC(".maps");

SEC("socket")
int use_nopin(struct __sk_buff *skb)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&nopin, &key) ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
