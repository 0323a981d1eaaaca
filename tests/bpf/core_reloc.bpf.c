// SPDX-License-Identifier: GPL-2.0
/* A CO-RE field relocation (task_struct->pid) that libbpf resolves against the running
 * kernel's BTF at load time. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

SEC("raw_tp/sys_enter")
int read_pid(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();

	return BPF_CORE_READ(task, pid) > 0;
}

char LICENSE[] SEC("license") = "GPL";
