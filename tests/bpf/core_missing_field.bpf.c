// SPDX-License-Identifier: GPL-2.0
/* CO-RE against a field the kernel does not have: `reads_missing` reads it (libbpf poisons
 * the instruction, the verifier rejects it), `checks_exists` only asks whether it exists
 * (resolved to 0 at load, loads fine). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* The ___suffix is ignored by CO-RE: this matches the kernel's task_struct. */
struct task_struct___missing {
	int libbpf_wasm_no_such_field;
} __attribute__((preserve_access_index));

SEC("raw_tp/sys_enter")
int reads_missing(void *ctx)
{
	struct task_struct___missing *task = (void *)bpf_get_current_task();

	return BPF_CORE_READ(task, libbpf_wasm_no_such_field);
}

SEC("raw_tp/sys_enter")
int checks_exists(void *ctx)
{
	struct task_struct___missing *task = (void *)bpf_get_current_task();

	return bpf_core_field_exists(task->libbpf_wasm_no_such_field);
}

char LICENSE[] SEC("license") = "GPL";
