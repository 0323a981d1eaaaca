// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The native baseline of bench/lifecycle.mjs: libbpf 1.1.2's open + load + close of one
 * object, repeated, and the RSS of many loaded objects alive at once.
 * Usage: lifecycle cycles OBJECT.o N PIN_ROOT -> JSON: CPU ns per open+load+close (median of 10 batches)
 *        lifecycle alive OBJECT.o N PIN_ROOT  -> JSON: RSS bytes before and with N loaded objects */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
#include "bench.h"


static long rss_bytes(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb * 1024;
}

static const char *pin_root;

static struct bpf_object *open_load(const char *path)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_root);
	struct bpf_object *obj = bpf_object__open_file(path, &opts);

	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "cannot open/load %s\n", path);
		exit(1);
	}
	return obj;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long n, i;

	if (argc != 5) {
		fprintf(stderr, "usage: %s cycles|alive OBJECT N PIN_ROOT\n", argv[0]);
		return 2;
	}
	pin_root = argv[4];
	libbpf_set_print(quiet);
	n = atol(argv[3]);
	if (!strcmp(argv[1], "cycles")) {
		long batches = n >= 10 ? 10 : 1, per = n / batches, b;
		double *t = calloc(batches, sizeof(*t));

		bpf_object__close(open_load(argv[2])); /* warm: feature probes, page cache */
		for (b = 0; b < batches; b++) {
			double t0 = cpu_ns();

			for (i = 0; i < per; i++)
				bpf_object__close(open_load(argv[2]));
			t[b] = (cpu_ns() - t0) / per;
		}
		qsort(t, batches, sizeof(*t), cmp);
		printf("{\"cycle_ns\": %.0f}\n", t[batches / 2]);
	} else {
		struct bpf_object **objs = calloc(n, sizeof(*objs));
		long before = rss_bytes();

		for (i = 0; i < n; i++)
			objs[i] = open_load(argv[2]);
		printf("{\"rss_before\": %ld, \"rss_alive\": %ld}\n", before, rss_bytes());
		for (i = 0; i < n; i++)
			bpf_object__close(objs[i]);
	}
	return 0;
}
