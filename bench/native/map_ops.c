// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The native baseline of bench/run.mjs: the same libbpf 1.1.2 calls the facade makes
 * (bpf_map__lookup_elem / bpf_map__update_elem on a loaded object's map), timed in C.
 * Usage: map_ops OBJECT.o PIN_ROOT MAP ITERATIONS  -> one JSON line of ns per operation. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

/* Batches move the whole 16-element map per call; figures are per element. */
#define BATCH 16

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	struct bpf_object *obj;
	struct bpf_map *map;
	unsigned long long value = 1;
	long iterations;
	unsigned key;
	double t0, lookup_ns, update_ns, lookup_batch_ns, update_batch_ns;
	unsigned keys[BATCH], out_batch;
	unsigned long long values[BATCH];
	__u32 count;
	long i, calls;

	if (argc != 5) {
		fprintf(stderr, "usage: %s OBJECT PIN_ROOT MAP ITERATIONS\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	opts.pin_root_path = argv[2];
	iterations = atol(argv[4]);
	obj = bpf_object__open_file(argv[1], &opts);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "cannot open/load %s\n", argv[1]);
		return 1;
	}
	map = bpf_object__find_map_by_name(obj, argv[3]);
	if (!map)
		return 1;
	for (key = 0; key < 16; key++)
		bpf_map__update_elem(map, &key, sizeof(key), &value, sizeof(value), BPF_ANY);

	t0 = now_ns();
	for (i = 0; i < iterations; i++) {
		key = i & 15;
		if (bpf_map__lookup_elem(map, &key, sizeof(key), &value, sizeof(value), 0))
			return 1;
	}
	lookup_ns = (now_ns() - t0) / iterations;

	t0 = now_ns();
	for (i = 0; i < iterations; i++) {
		key = i & 15;
		value = i;
		if (bpf_map__update_elem(map, &key, sizeof(key), &value, sizeof(value), BPF_ANY))
			return 1;
	}
	update_ns = (now_ns() - t0) / iterations;

	calls = iterations / BATCH > 0 ? iterations / BATCH : 1;
	t0 = now_ns();
	for (i = 0; i < calls; i++) {
		count = BATCH;
		if (bpf_map_lookup_batch(bpf_map__fd(map), NULL, &out_batch, keys, values, &count, NULL) &&
		    count != BATCH)
			return 1;
	}
	lookup_batch_ns = (now_ns() - t0) / (calls * BATCH);

	for (key = 0; key < BATCH; key++)
		keys[key] = key;
	t0 = now_ns();
	for (i = 0; i < calls; i++) {
		count = BATCH;
		values[0] = i;
		if (bpf_map_update_batch(bpf_map__fd(map), keys, values, &count, NULL))
			return 1;
	}
	update_batch_ns = (now_ns() - t0) / (calls * BATCH);

	printf("{\"lookup_ns\":%.1f,\"update_ns\":%.1f,\"lookup_batch_ns\":%.1f,\"update_batch_ns\":%.1f}\n",
	       lookup_ns, update_ns, lookup_batch_ns, update_batch_ns);
	bpf_object__unpin_maps(obj, NULL);
	bpf_object__close(obj);
	return 0;
}
