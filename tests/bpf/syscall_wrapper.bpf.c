// SPDX-License-Identifier: GPL-2.0
/* LINUX_HAS_SYSCALL_WRAPPER: a .kconfig extern libbpf computes itself, by probing for the
 * kernel's __<arch>_sys_bpf (a kprobe). The arch prefix is the host CPU's, which the
 * module must know at run time (tests/fidelity.test.mjs). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;

__u64 seen;

SEC("socket")
int read_wrapper(struct __sk_buff *skb)
{
	seen = LINUX_HAS_SYSCALL_WRAPPER;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
