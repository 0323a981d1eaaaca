// SPDX-License-Identifier: GPL-2.0
/* One map of each common type, a map-in-map and a prog array with initial values, and
 * global data, so the open-time map list (names, sizes, internal .data/.rodata/.bss maps,
 * their order) and load-time creation can be compared map by map. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define KV_MAP(_name, _type, _max)		\
	struct {				\
		__uint(type, _type);		\
		__type(key, __u32);		\
		__type(value, __u64);		\
		__uint(max_entries, _max);	\
	} _name SEC(".maps")

KV_MAP(hash, BPF_MAP_TYPE_HASH, 8);
KV_MAP(array, BPF_MAP_TYPE_ARRAY, 8);
KV_MAP(percpu_hash, BPF_MAP_TYPE_PERCPU_HASH, 8);
KV_MAP(percpu_array, BPF_MAP_TYPE_PERCPU_ARRAY, 8);
KV_MAP(lru_hash, BPF_MAP_TYPE_LRU_HASH, 8);

/* Queue and stack have no key. */
struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__type(value, __u32);
	__uint(max_entries, 8);
} queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__type(value, __u32);
	__uint(max_entries, 8);
} stack SEC(".maps");

/* Ring buffer size must be a power-of-two multiple of the page size. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ringbuf SEC(".maps");

/* The inner map's definition doubles as the map-in-map template; inner_a is placed in
 * slot 0 by libbpf at load time. */
struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} inner_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__type(key, __u32);
	__uint(max_entries, 2);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a },
};

/* Global data: one internal map each for .data, .rodata and .bss. */
__u64 hits = 1;
const volatile __u32 limit = 100;
__u64 dropped;

SEC("xdp")
int tail(struct xdp_md *ctx)
{
	return XDP_PASS;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int (void *));
} jump SEC(".maps") = {
	.values = { [1] = (void *)&tail },
};

SEC("xdp")
int use_all(struct xdp_md *ctx)
{
	__u32 key = 0, small = 1, *in;
	__u64 one = 1, *v;
	void *m;

	bpf_map_update_elem(&hash, &key, &one, BPF_ANY);
	bpf_map_update_elem(&percpu_hash, &key, &one, BPF_ANY);
	bpf_map_update_elem(&lru_hash, &key, &one, BPF_ANY);
	v = bpf_map_lookup_elem(&array, &key);
	if (v)
		*v += 1;
	v = bpf_map_lookup_elem(&percpu_array, &key);
	if (v)
		*v += 1;
	bpf_map_push_elem(&queue, &small, 0);
	bpf_map_push_elem(&stack, &small, 0);
	bpf_ringbuf_output(&ringbuf, &small, sizeof(small), 0);
	m = bpf_map_lookup_elem(&outer, &key);
	if (m) {
		in = bpf_map_lookup_elem(m, &key);
		if (in)
			*in += 1;
	}
	if (hits++ > limit)
		dropped++;
	bpf_tail_call(ctx, &jump, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
