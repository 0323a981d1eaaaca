// SPDX-License-Identifier: GPL-2.0
/* Maps as users drive them (facade-maps-user tests): global-data configuration in every
 * kind of section (libbpf-tools' `const volatile` pattern), a spin-lock value for
 * BPF_F_LOCK, per-CPU and batch-capable maps, and a map-in-map whose inner template is
 * set from user space. `copy_config`, run by testRun, copies each setting into `out`. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u32 cfg_rodata = 1;
__u32 cfg_data = 2;
__u32 cfg_bss;
const volatile __u32 cfg_rodata_custom SEC(".rodata.cfg") = 4;
__u32 cfg_data_custom SEC(".data.extra") = 5;
extern __u32 LINUX_KERNEL_VERSION __kconfig;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} out SEC(".maps");

struct locked {
	struct bpf_spin_lock lock;
	__u32 n;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct locked);
	__uint(max_entries, 4);
} locked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 8);
} percpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__type(value, __u32);
	__uint(max_entries, 4);
} queue SEC(".maps");

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__type(key, __u32);
	__uint(max_entries, 2);
	__array(values, struct inner);
} outer SEC(".maps");

static __always_inline void put(__u32 key, __u64 v)
{
	bpf_map_update_elem(&out, &key, &v, BPF_ANY);
}

SEC("xdp")
int copy_config(struct xdp_md *ctx)
{
	put(0, cfg_rodata);
	put(1, cfg_data);
	put(2, cfg_bss);
	put(3, cfg_rodata_custom);
	put(4, cfg_data_custom);
	put(5, LINUX_KERNEL_VERSION);
	/* The packet length, so a test can see the program ran on its data. */
	put(6, ctx->data_end - ctx->data);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
