// SPDX-License-Identifier: GPL-2.0
/* The maps of the element-op benchmark (bench/maps.mjs, bench/native/map_ops.c): a hash
 * and a per-CPU hash, u32 -> u64, room for the delete rounds' 1024 extra keys. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4096);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4096);
} percpu_hash SEC(".maps");

SEC("socket")
int bench_maps_prog(void *ctx)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&hash, &key) || bpf_map_lookup_elem(&percpu_hash, &key);
}

char LICENSE[] SEC("license") = "GPL";
