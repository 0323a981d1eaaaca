// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * execsnoop: every exec() on the system, as libbpf-tools' execsnoop traces it. The entry
 * tracepoint records who execs what (pid, parent, uid, the first MAX_ARGS arguments) in
 * `execs`, keyed by thread; the exit tracepoint adds the result and the new command name
 * and sends the event to user space through the `events` ring buffer.
 *
 * Configured before load through .rodata (obj.globals in JavaScript):
 *   targ_uid       only this user's execs (INVALID_UID: everyone's)
 *   ignore_failed  drop execs that failed (the default, as in execsnoop without -x)
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "execsnoop.h"

#define INVALID_UID ((__u32)-1)

const volatile __u32 targ_uid = INVALID_UID;
const volatile bool ignore_failed = true;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct event);
} execs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int tracepoint__syscalls__sys_enter_execve(struct trace_event_raw_sys_enter *ctx)
{
	static const struct event empty;
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	__u32 uid = (__u32)bpf_get_current_uid_gid();
	struct task_struct *task;
	struct event *e;

	if (targ_uid != INVALID_UID && targ_uid != uid)
		return 0;
	if (bpf_map_update_elem(&execs, &tid, &empty, BPF_NOEXIST))
		return 0;
	e = bpf_map_lookup_elem(&execs, &tid);
	if (!e)
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	e->pid = id >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = uid;

	const char *const *argv = (const char *const *)ctx->args[1];
	for (int i = 0; i < MAX_ARGS; i++) {
		const char *arg = NULL;

		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
			return 0;
		if (bpf_probe_read_user_str(e->args[i], ARG_LEN, arg) < 0)
			return 0;
		e->args_count++;
	}
	/* More arguments than we keep: say so, as execsnoop prints "...". */
	const char *more = NULL;
	if (!bpf_probe_read_user(&more, sizeof(more), &argv[MAX_ARGS]) && more)
		e->args_truncated = 1;
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int tracepoint__syscalls__sys_exit_execve(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct event *e = bpf_map_lookup_elem(&execs, &tid);

	if (!e)
		return 0;
	e->retval = ctx->ret;
	if (!(ignore_failed && ctx->ret < 0)) {
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		bpf_ringbuf_output(&events, e, sizeof(*e), 0);
	}
	bpf_map_delete_elem(&execs, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
