// SPDX-License-Identifier: GPL-2.0
/* pinning = 2 is neither LIBBPF_PIN_NONE nor LIBBPF_PIN_BY_NAME: bpf_object__open must
 * already fail, with EINVAL ("map 'badpin': invalid pinning value 2."). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
	__uint(pinning, 2);
} badpin SEC(".maps");

SEC("socket")
int use_badpin(struct __sk_buff *skb)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&badpin, &key) ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
