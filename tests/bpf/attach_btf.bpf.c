// SPDX-License-Identifier: GPL-2.0
/* Programs bpf_program__attach_trace and _attach_lsm attach: tp_btf (a BTF raw
 * tracepoint, no trampoline), fmod_ret and lsm (BPF trampolines, which the kernel this
 * corpus was written on refuses at load with EPERM). Each program is loaded on its own
 * (autoload off for the others): a refused load must not hide the one that works. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 tp_btf_hits;

SEC("tp_btf/sys_enter")
int BPF_PROG(tp_btf_sys_enter, struct pt_regs *regs, long id)
{
	__sync_fetch_and_add(&tp_btf_hits, 1);
	return 0;
}

SEC("fmod_ret/security_file_open")
int BPF_PROG(fmod_ret_file_open, struct file *file)
{
	return 0;
}

SEC("lsm/file_open")
int BPF_PROG(lsm_file_open, struct file *file, int ret)
{
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
