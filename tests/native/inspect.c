// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * inspect <object.o> [--pin-root DIR]
 *
 * Opens a BPF object with the native libbpf WITHOUT loading it and prints what libbpf
 * made of it as one JSON line, so the differential tests can compare the wasm build's
 * view of the same object field by field. An open failure is a result, not a tool
 * failure: it prints {"ok":false,"errno":N} and exits 0. libbpf's log goes to stderr,
 * each message prefixed with its level, so stdout stays parseable.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "json.h"

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	const char *prefix = level == LIBBPF_WARN ? "warn: " :
			     level == LIBBPF_INFO ? "info: " : "debug: ";

	fputs(prefix, stderr);
	return vfprintf(stderr, fmt, args);
}

static void print_maps(const struct bpf_object *obj)
{
	const struct bpf_map *map;
	const char *sep = "";

	fputs("\"maps\":[", stdout);
	bpf_object__for_each_map(map, obj) {
		printf("%s{\"name\":", sep);
		json_str(bpf_map__name(map));
		printf(",\"type\":%d,\"key_size\":%u,\"value_size\":%u,\"max_entries\":%u,"
		       "\"map_flags\":%u,\"pin_path\":",
		       bpf_map__type(map), bpf_map__key_size(map), bpf_map__value_size(map),
		       bpf_map__max_entries(map), bpf_map__map_flags(map));
		json_str(bpf_map__pin_path(map));
		putchar('}');
		sep = ",";
	}
	putchar(']');
}

static void print_programs(const struct bpf_object *obj)
{
	fputs("\"programs\":", stdout);
	json_program_attrs(obj);
}

int main(int argc, char **argv)
{
	const char *path = NULL, *pin_root = NULL;
	struct bpf_object *obj;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--pin-root") && i + 1 < argc)
			pin_root = argv[++i];
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	if (!path) {
		fprintf(stderr, "usage: %s <object.o> [--pin-root DIR]\n", argv[0]);
		return 2;
	}

	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_root);
	libbpf_set_print(print_fn);

	obj = bpf_object__open_file(path, &opts);
	if (!obj) {
		/* libbpf 1.x returns NULL and sets errno to the positive error code. */
		printf("{\"ok\":false,\"errno\":%d}\n", errno);
		return 0;
	}

	fputs("{\"ok\":true,\"name\":", stdout);
	json_str(bpf_object__name(obj));
	putchar(',');
	print_maps(obj);
	putchar(',');
	print_programs(obj);
	puts("}");

	bpf_object__close(obj);
	return fflush(stdout) ? 1 : 0;
}
