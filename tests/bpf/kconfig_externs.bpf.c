// SPDX-License-Identifier: GPL-2.0
/* .kconfig externs, all __weak: libbpf fills the .kconfig map from the kernel's config
 * (/proc/config.gz) or from the kconfig= open option, and leaves unset weak externs 0.
 * CONFIG_LIBBPF_WASM_* exist in no kernel: only the option can set them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern bool CONFIG_BPF_SYSCALL __kconfig __weak;
extern int CONFIG_LIBBPF_WASM_INT __kconfig __weak;
extern enum libbpf_tristate CONFIG_LIBBPF_WASM_TRI __kconfig __weak;
extern char CONFIG_LIBBPF_WASM_STR[8] __kconfig __weak;

/* Written by the program so that every extern is referenced (unused ones are dropped). */
__u64 seen;

SEC("socket")
int read_kconfig(struct __sk_buff *skb)
{
	seen = CONFIG_BPF_SYSCALL + CONFIG_LIBBPF_WASM_INT + CONFIG_LIBBPF_WASM_TRI +
	       CONFIG_LIBBPF_WASM_STR[0];
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
