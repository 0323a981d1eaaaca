// SPDX-License-Identifier: GPL-2.0
/* A program in a section libbpf cannot map to a program type: open accepts it (type 0),
 * load refuses it, unless its autoload is turned off; `known` always loads. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("foo_bar_unknown")
int unknown(void *ctx) { return 0; }

SEC("socket")
int known(struct __sk_buff *skb) { return 0; }

char LICENSE[] SEC("license") = "GPL";
