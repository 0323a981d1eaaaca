// SPDX-License-Identifier: GPL-2.0
/*
 * The demo object: packet counters that survive the loader process. `counters` is pinned
 * by name, so a second load of this object (or another object declaring the same map)
 * reuses the map already pinned under the pin root instead of starting from zero.
 */
/* Some kernels' vmlinux.h has a typedef named `config` (zstd's); rename it while
 * including so the map below can keep its name. */
#define config vmlinux_config
#include "vmlinux.h"
#undef config
#include <bpf/bpf_helpers.h>

/* Packets seen per ingress ifindex; key 0 (no interface has index 0) counts the socket
 * filter's packets. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} counters SEC(".maps");

/* Per-load settings, deliberately not pinned: each load starts from its own values.
 * [CONFIG_STEP] is added per packet (0 means 1). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} config SEC(".maps");

#define CONFIG_STEP 0
#define SOCKET_KEY 0

static __always_inline void count(__u32 key)
{
	__u32 step_key = CONFIG_STEP;
	__u64 *step = bpf_map_lookup_elem(&config, &step_key);
	__u64 add = step && *step ? *step : 1;
	__u64 *val = bpf_map_lookup_elem(&counters, &key);

	if (val) {
		__sync_fetch_and_add(val, add);
		return;
	}
	/* Two CPUs may race to create the entry; BPF_NOEXIST makes the loser's update fail
	 * instead of overwriting, and losing one packet of a fresh counter is acceptable. */
	bpf_map_update_elem(&counters, &key, &add, BPF_NOEXIST);
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	count(ctx->ingress_ifindex);
	return XDP_PASS;
}

SEC("socket")
int socket_count(struct __sk_buff *skb)
{
	count(SOCKET_KEY);
	/* A socket filter returns how many bytes to keep: all of them. */
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
