/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The event execsnoop.bpf.c sends through its ring buffer; run.mjs decodes the same layout. */
#ifndef EXECSNOOP_H
#define EXECSNOOP_H

#define TASK_COMM_LEN 16
#define MAX_ARGS 6
#define ARG_LEN 64

struct event {
	__u32 pid;            /* offset 0: the process (tgid) that exec'd */
	__u32 ppid;           /* 4: its parent */
	__u32 uid;            /* 8 */
	__s32 retval;         /* 12: execve's result (0, or -errno) */
	__u32 args_count;     /* 16: arguments kept in args */
	__u32 args_truncated; /* 20: 1 when argv had more than MAX_ARGS */
	char comm[TASK_COMM_LEN];   /* 24: the command name after the exec */
	char args[MAX_ARGS][ARG_LEN]; /* 40: argv[0..], each NUL-terminated (cut at ARG_LEN - 1) */
};

#endif
