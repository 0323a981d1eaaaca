// SPDX-License-Identifier: GPL-2.0
/* fentry/fexit: libbpf resolves the target's BTF id in the kernel's BTF at load time.
 * Kept apart from progs_sections.bpf.c because loading needs BPF trampoline support:
 * the kernel this corpus was written on refuses it with EPERM, so the expected result
 * is kernel-dependent (a good differential case either way: both builds must agree). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("fentry/do_sys_openat2")
int p_fentry(__u64 *ctx) { return 0; }

SEC("fexit/do_sys_openat2")
int p_fexit(__u64 *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";
