// SPDX-License-Identifier: GPL-2.0
/* A strong (not __weak) .kconfig extern that no kernel config defines: load fails unless
 * the kconfig= open option sets it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern int CONFIG_LIBBPF_WASM_REQUIRED __kconfig;

__u64 seen;

SEC("socket")
int need_kconfig(struct __sk_buff *skb)
{
	seen = CONFIG_LIBBPF_WASM_REQUIRED;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
