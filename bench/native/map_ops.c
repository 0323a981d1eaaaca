// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The native baseline of bench/maps.mjs: the libbpf 1.1.2 calls the facade makes
 * (bpf_map__*_elem on a loaded object's maps; bpf_map_*_batch on their fds), the same
 * keys and rounds as bench/maps-child.mjs, timed in process CPU time.
 * Usage: map_ops OBJECT.o ITERATIONS  -> one JSON line of ns per operation (batch: per element). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "bench.h"

#define KEYS 16      /* keys 0..15 live in both maps */
#define DELETE_ROUND 1024 /* keys 16.. added (untimed) then deleted (timed) per round */


#define FAIL(what) do { fprintf(stderr, "map_ops: %s failed\n", what); exit(1); } while (0)

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_map *hash, *percpu;
	long n, i, r, calls;
	__u32 key, next, keys[DELETE_ROUND], count;
	__u64 value = 1, values[DELETE_ROUND], *pcpu;
	size_t pcpu_sz;
	double t0, spent, lookup, update, del, next_key, pc_lookup, pc_update, lookup_batch, update_batch;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OBJECT ITERATIONS\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	n = atol(argv[2]);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		FAIL("open/load");
	hash = bpf_object__find_map_by_name(obj, "hash");
	percpu = bpf_object__find_map_by_name(obj, "percpu_hash");
	pcpu_sz = 8 * (size_t)libbpf_num_possible_cpus();
	pcpu = calloc(1, pcpu_sz);
	for (key = 0; key < KEYS; key++) {
		if (bpf_map__update_elem(hash, &key, 4, &value, 8, BPF_ANY) ||
		    bpf_map__update_elem(percpu, &key, 4, pcpu, pcpu_sz, BPF_ANY))
			FAIL("fill");
	}

	t0 = cpu_ns();
	for (i = 0; i < n; i++) {
		key = i & (KEYS - 1);
		if (bpf_map__lookup_elem(hash, &key, 4, &value, 8, 0))
			FAIL("lookup");
	}
	lookup = (cpu_ns() - t0) / n;

	t0 = cpu_ns();
	for (i = 0; i < n; i++) {
		key = i & (KEYS - 1);
		value = i;
		if (bpf_map__update_elem(hash, &key, 4, &value, 8, BPF_ANY))
			FAIL("update");
	}
	update = (cpu_ns() - t0) / n;

	spent = 0;
	for (r = 0; r * DELETE_ROUND < n; r++) {
		for (i = 0; i < DELETE_ROUND; i++) {
			keys[i] = KEYS + i;
			values[i] = i;
		}
		count = DELETE_ROUND;
		if (bpf_map_update_batch(bpf_map__fd(hash), keys, values, &count, NULL))
			FAIL("delete fill");
		t0 = cpu_ns();
		for (i = 0; i < DELETE_ROUND; i++) {
			key = KEYS + i;
			if (bpf_map__delete_elem(hash, &key, 4, 0))
				FAIL("delete");
		}
		spent += cpu_ns() - t0;
	}
	del = spent / (r * DELETE_ROUND);

	t0 = cpu_ns();
	for (i = 0; i < n; i++) {
		key = i & (KEYS - 1);
		r = bpf_map__get_next_key(hash, &key, &next, 4);
		if (r && r != -ENOENT)
			FAIL("next key");
	}
	next_key = (cpu_ns() - t0) / n;

	t0 = cpu_ns();
	for (i = 0; i < n; i++) {
		key = i & (KEYS - 1);
		if (bpf_map__lookup_elem(percpu, &key, 4, pcpu, pcpu_sz, 0))
			FAIL("per-CPU lookup");
	}
	pc_lookup = (cpu_ns() - t0) / n;

	t0 = cpu_ns();
	for (i = 0; i < n; i++) {
		key = i & (KEYS - 1);
		pcpu[0] = i;
		if (bpf_map__update_elem(percpu, &key, 4, pcpu, pcpu_sz, BPF_ANY))
			FAIL("per-CPU update");
	}
	pc_update = (cpu_ns() - t0) / n;

	/* Batches move the 16 live elements per call; figures are per element. */
	calls = n / KEYS > 0 ? n / KEYS : 1;
	t0 = cpu_ns();
	for (i = 0; i < calls; i++) {
		count = KEYS;
		r = bpf_map_lookup_batch(bpf_map__fd(hash), NULL, &next, keys, values, &count, NULL);
		if ((r && r != -ENOENT) || count != KEYS)
			FAIL("lookup batch");
	}
	lookup_batch = (cpu_ns() - t0) / (calls * KEYS);

	for (i = 0; i < KEYS; i++)
		keys[i] = i;
	t0 = cpu_ns();
	for (i = 0; i < calls; i++) {
		count = KEYS;
		values[0] = i;
		if (bpf_map_update_batch(bpf_map__fd(hash), keys, values, &count, NULL))
			FAIL("update batch");
	}
	update_batch = (cpu_ns() - t0) / (calls * KEYS);

	printf("{\"lookup\":%.1f,\"update\":%.1f,\"delete\":%.1f,\"next_key\":%.1f,"
	       "\"percpu_lookup\":%.1f,\"percpu_update\":%.1f,\"lookup_batch\":%.1f,\"update_batch\":%.1f}\n",
	       lookup, update, del, next_key, pc_lookup, pc_update, lookup_batch, update_batch);
	free(pcpu);
	bpf_object__close(obj);
	return 0;
}
