// SPDX-License-Identifier: GPL-2.0
/* Names longer than BPF_OBJ_NAME_LEN - 1 (15): libbpf truncates the object name (the file
 * name here) and the kernel-side map and program names, but pins by the full map name.
 * The global makes an internal map whose name is built from the truncated object name. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} a_map_name_longer_than_sixteen SEC(".maps");

__u64 counter_with_a_long_name = 7;

SEC("socket")
int a_program_name_longer_than_sixteen(struct __sk_buff *skb)
{
	__u32 key = 0;

	counter_with_a_long_name++;
	return bpf_map_lookup_elem(&a_map_name_longer_than_sixteen, &key) ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
