/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `pinned_hash` as pin_by_name.bpf.c declares it, with each property overridable by a
 * #define before the include: every pin_mismatch_* object changes exactly one, which
 * keeps the "differs in exactly one parameter" promise checkable at a glance.
 * Keep the defaults equal to pin_by_name.bpf.c.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#ifndef PINNED_TYPE
#define PINNED_TYPE BPF_MAP_TYPE_HASH
#endif
#ifndef PINNED_KEY
#define PINNED_KEY __u32
#endif
#ifndef PINNED_VALUE
#define PINNED_VALUE __u64
#endif
#ifndef PINNED_MAX_ENTRIES
#define PINNED_MAX_ENTRIES 16
#endif
#ifndef PINNED_FLAGS
#define PINNED_FLAGS 0
#endif

struct {
	__uint(type, PINNED_TYPE);
	__type(key, PINNED_KEY);
	__type(value, PINNED_VALUE);
	__uint(max_entries, PINNED_MAX_ENTRIES);
	__uint(map_flags, PINNED_FLAGS);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} pinned_hash SEC(".maps");

SEC("socket")
int use_pinned_hash(struct __sk_buff *skb)
{
	PINNED_KEY key;

	__builtin_memset(&key, 0, sizeof(key));
	return bpf_map_lookup_elem(&pinned_hash, &key) ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
