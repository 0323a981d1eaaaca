// SPDX-License-Identifier: GPL-2.0
/* A map whose value type is a pointer, in an object whose BTF has no 'long' type: libbpf
 * cannot infer the pointer size from the BTF and takes the host's (8 on 64-bit hosts),
 * so value_size is 8. Only int and pointer types appear here on purpose (no vmlinux.h,
 * no helper that returns long). */
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

struct {
	__uint(type, 2); /* BPF_MAP_TYPE_ARRAY */
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, int *);
} pointer_values SEC(".maps");

SEC("socket")
int keep(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
