// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Native libbpf 1.1.2's answer to one attach call, for tests that compare the module with
 * it (tests/attach-kernel.test.mjs): opens and loads OBJ, attaches program PROG by KIND,
 * and prints every libbpf warning ("warn: ..."), then "errno N" (0 on success).
 *   attach OBJ PROG auto | kprobe FUNC | ksyscall NAME | tracepoint CAT NAME | uprobe BIN FUNC
 *                   | usdt BIN PROVIDER NAME | kprobe_multi PATTERN
 *                   | kprobe_multi_syms NAME,NAME,... (as a kretprobe.multi) */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

static int print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	printf("warn: ");
	return vprintf(fmt, ap);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link = NULL;
	const char *kind;

	if (argc < 4) {
		fprintf(stderr, "usage: attach OBJ PROG KIND [ARGS]\n");
		return 2;
	}
	libbpf_set_print(print);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		printf("load failed errno %d\n", errno);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, argv[2]);
	if (!prog) {
		printf("no program %s\n", argv[2]);
		return 1;
	}
	kind = argv[3];
	if (!strcmp(kind, "auto"))
		link = bpf_program__attach(prog);
	else if (!strcmp(kind, "kprobe") && argc > 4)
		link = bpf_program__attach_kprobe_opts(prog, argv[4], NULL);
	else if (!strcmp(kind, "ksyscall") && argc > 4)
		link = bpf_program__attach_ksyscall(prog, argv[4], NULL);
	else if (!strcmp(kind, "tracepoint") && argc > 5)
		link = bpf_program__attach_tracepoint(prog, argv[4], argv[5]);
	else if (!strcmp(kind, "uprobe") && argc > 5) {
		LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = argv[5]);
		link = bpf_program__attach_uprobe_opts(prog, -1, argv[4], 0, &opts);
	} else if (!strcmp(kind, "usdt") && argc > 6) {
		link = bpf_program__attach_usdt(prog, -1, argv[4], argv[5], argv[6], NULL);
	} else if (!strcmp(kind, "kprobe_multi") && argc > 4) {
		link = bpf_program__attach_kprobe_multi_opts(prog, argv[4], NULL);
	} else if (!strcmp(kind, "kprobe_multi_syms") && argc > 4) {
		const char *syms[16];
		size_t cnt = 0;
		char *s;

		for (s = strtok(argv[4], ","); s && cnt < 16; s = strtok(NULL, ","))
			syms[cnt++] = s;
		LIBBPF_OPTS(bpf_kprobe_multi_opts, opts, .syms = syms, .cnt = cnt, .retprobe = true);
		link = bpf_program__attach_kprobe_multi_opts(prog, NULL, &opts);
	} else {
		fprintf(stderr, "unknown kind %s\n", kind);
		return 2;
	}
	printf("errno %d\n", link ? 0 : errno);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
