// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * lifecycle OBJECT PIN_ROOT PINS_DIR [BARRIER]
 *
 * The native side of reliability/faults.mjs and reliability/races.mjs: one object's
 * lifecycle through native libbpf 1.1.2, step for step what reliability/children/
 * lifecycle.mjs does through the facade, so both can be run under the same strace fault
 * injection and compared:
 *
 *   open (pin_root_path = PIN_ROOT), load, pin every map that has no pin path at
 *   PINS_DIR/<name>, unpin_maps (every map with a pin path), pin_programs PINS_DIR/progs,
 *   unpin_programs PINS_DIR/progs, close.
 *
 * PINS_DIR "-" stops after load (the races: open, load, report, close). BARRIER is a FIFO
 * read until EOF before the first step, so that several processes start at one instant.
 *
 * The fd count before the steps and after them (open /proc/self/fd) brackets the steps:
 * reliability/lib/strace.mjs uses those two openat calls as markers. Nothing else in
 * between makes a syscall of its own. Prints one JSON line:
 *   {"steps":[{"op":"open","ret":0},...],"maps":[{"name":..,"id":..,"pinned":..}],"fds_left":N}
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level, (void)fmt, (void)args;
	return 0;
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		exit(1);
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2;
}

static const char *sep = "";

static void step(const char *op, int ret)
{
	printf("%s{\"op\":\"%s\",\"ret\":%d}", sep, op, ret);
	sep = ",";
}

static void wait_barrier(const char *fifo)
{
	char buf[16];
	int fd = open(fifo, O_RDONLY);

	if (fd < 0)
		exit(1);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	const char *pins;
	struct bpf_object *obj;
	struct bpf_map *map;
	char path[4096];
	int before, err;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: %s OBJECT PIN_ROOT PINS_DIR [BARRIER]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	opts.pin_root_path = argv[2];
	pins = strcmp(argv[3], "-") ? argv[3] : NULL;
	if (argc == 5)
		wait_barrier(argv[4]);

	/* stdout's first write makes stdio fstat() it: before the first marker, not between. */
	printf("{\"steps\":[");
	before = open_fds();
	obj = bpf_object__open_file(argv[1], &opts);
	err = obj ? 0 : -errno;
	step("open", err);
	if (obj) {
		step("load", bpf_object__load(obj));
		if (pins) {
			bpf_object__for_each_map(map, obj) {
				if (bpf_map__pin_path(map))
					continue;
				snprintf(path, sizeof(path), "%s/%s", pins, bpf_map__name(map));
				step("pin_map", bpf_map__pin(map, path));
			}
			step("unpin_maps", bpf_object__unpin_maps(obj, NULL));
			snprintf(path, sizeof(path), "%s/progs", pins);
			step("pin_programs", bpf_object__pin_programs(obj, path));
			step("unpin_programs", bpf_object__unpin_programs(obj, path));
		}
	}
	printf("],\"maps\":[");
	sep = "";
	if (obj && !pins) {
		bpf_object__for_each_map(map, obj) {
			struct bpf_map_info info = {};
			__u32 len = sizeof(info);
			int fd = bpf_map__fd(map);

			if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
				info.id = 0;
			printf("%s{\"name\":\"%s\",\"id\":%u,\"pinned\":%s}", sep, bpf_map__name(map), info.id,
			       bpf_map__is_pinned(map) ? "true" : "false");
			sep = ",";
		}
	}
	if (obj)
		bpf_object__close(obj);
	printf("],\"fds_left\":%d}\n", open_fds() - before);
	return 0;
}
