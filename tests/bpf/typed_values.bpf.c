// SPDX-License-Identifier: GPL-2.0
/* Maps of many value types and global variables in every kind of section, for typed
 * access through BTF (map.get/set/typedEntries, obj.globals, gen types), checked against
 * bpftool's decoding of the same maps. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

enum color { RED = 0, GREEN = 5, BLUE = -3 };

struct ints {
	__u8 u8; __s8 s8; __u16 u16; __s16 s16;
	__u32 u32; __s32 s32; __u64 u64; __s64 s64;
	bool flag; char c; enum color color;
};

struct names {
	char comm[16];
	char empty[8];
	unsigned char raw[4];
	char binary[6];
};

struct endpoint { __u32 addr; __u16 port; };
struct counters { __u64 packets; __u64 bytes; };
struct flow {
	struct endpoint src, dst;
	struct counters stats[4];
	__u32 matrix[2][3];
};

struct bits {
	__u32 a:3, b:5;
	__s32 c:7;
	__u32 :4;
	__u64 d:40;
	enum color e:4;
	bool f:1;
	__s64 g:33;
};

union number { __u64 u; __s32 i; __u16 halves[4]; };

struct tagged {
	__u32 kind;
	union { __u32 ival; __s16 sval; };
	union number num;
};

struct misc {
	float f;
	double d;
	void *ptr;
	__int128 big;
	unsigned __int128 ubig;
	long long arr2d[2][2];
};

#define TYPED_MAP(_name, _type, _key, _value)	\
	struct {				\
		__uint(type, _type);		\
		__type(key, _key);		\
		__type(value, _value);		\
		__uint(max_entries, 8);		\
	} _name SEC(".maps")

TYPED_MAP(ints_map, BPF_MAP_TYPE_HASH, __u32, struct ints);
TYPED_MAP(names_map, BPF_MAP_TYPE_ARRAY, __u32, struct names);
TYPED_MAP(flows, BPF_MAP_TYPE_HASH, struct endpoint, struct flow);
TYPED_MAP(bits_map, BPF_MAP_TYPE_ARRAY, __u32, struct bits);
TYPED_MAP(tagged_map, BPF_MAP_TYPE_HASH, __u64, struct tagged);
TYPED_MAP(colors, BPF_MAP_TYPE_HASH, enum color, __s64);
TYPED_MAP(percpu_stats, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct counters);
TYPED_MAP(percpu_small, BPF_MAP_TYPE_PERCPU_HASH, __u16, __u32);
TYPED_MAP(misc_map, BPF_MAP_TYPE_ARRAY, __u32, struct misc);

/* Global variables: configuration (.rodata), state (.data, .bss), custom sections, kconfig. */
const volatile __u32 targ_pid = 0;
const volatile char targ_comm[16] = "none";
const volatile struct endpoint targ_endpoint = { .addr = 1, .port = 2 };
__u64 event_count = 0;
__u32 data_val = 7;
enum color last_color = GREEN;
int custom_counter SEC(".data.custom") = 3;
const volatile int custom_limit SEC(".rodata.custom") = 4;
extern int LINUX_KERNEL_VERSION __kconfig;
static __u32 hidden_static = 9;

SEC("socket")
int count_packets(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct counters *c = bpf_map_lookup_elem(&percpu_stats, &key);

	if (targ_pid && c)
		c->packets += targ_endpoint.port + targ_comm[0];
	event_count += custom_limit + LINUX_KERNEL_VERSION + hidden_static;
	custom_counter++;
	data_val++;
	last_color = BLUE;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
