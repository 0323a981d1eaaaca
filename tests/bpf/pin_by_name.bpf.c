// SPDX-License-Identifier: GPL-2.0
/* The reference object of the pinning tests: two maps pinned by name, one not pinned.
 * The pin_mismatch_* and pin_compat_btf objects redeclare `pinned_hash` to test reuse. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} pinned_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} pinned_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} unpinned SEC(".maps");

SEC("socket")
int use_maps(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 one = 1, *v;

	/* Touch all three so a test can see values flow through the pins. */
	bpf_map_update_elem(&pinned_hash, &key, &one, BPF_ANY);
	v = bpf_map_lookup_elem(&pinned_array, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	v = bpf_map_lookup_elem(&unpinned, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
