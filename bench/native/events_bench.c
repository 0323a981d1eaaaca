// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * events_bench <events_emit.bpf.o> ring|perf <record_size> <events> consume|produce
 *
 * Native libbpf 1.1.2's consumption rate: loads events_emit (ring buffer sized to hold
 * `events` records; perf rings of enough pages), fills the buffer with `events` records of
 * record_size bytes through BPF_PROG_TEST_RUN (emit_* with a fixed size), then drains it
 * with one ring_buffer__consume / perf_buffer__consume, with a callback that reads the
 * first byte. `consume` times the drain alone; `produce` times the test run and the drain.
 * One untimed round first (caches and page tables warm, as for a long-running consumer),
 * then one timed round, in process CPU time. Run pinned to one CPU (perf: the run and its
 * ring must be on the same CPU). Prints {"events":N,"ns":T,"sum":S} for the timed round.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"

static unsigned long long seen, sum;

static int on_ring(void *ctx __attribute__((unused)), void *data, size_t size __attribute__((unused)))
{
	sum += *(unsigned char *)data;
	seen++;
	return 0;
}

static void on_sample(void *ctx __attribute__((unused)), int cpu __attribute__((unused)), void *data,
		      __u32 size __attribute__((unused)))
{
	sum += *(unsigned char *)data;
	seen++;
}

static unsigned long pow2_at_least(unsigned long n)
{
	unsigned long p = 4096;

	while (p < n)
		p <<= 1;
	return p;
}

int main(int argc, char **argv)
{
	if (argc < 6)
		return 2;
	int produce = strcmp(argv[5], "produce") == 0;
	int perf = strcmp(argv[2], "perf") == 0;
	unsigned size = atoi(argv[3]), events = atoi(argv[4]);
	unsigned per_record = perf ? (size + 4 + 7) / 8 * 8 + 8 : (size + 7) / 8 * 8 + 8;
	unsigned long bytes = pow2_at_least((unsigned long)events * per_record + 4096);
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;

	if (!obj || bpf_map__set_max_entries(bpf_object__find_map_by_name(obj, "rb"), perf ? 4096 : bytes) ||
	    bpf_object__load(obj))
		return 1;
	int prog = bpf_program__fd(bpf_object__find_program_by_name(obj, perf ? "emit_perf" : "emit_ring"));
	if (perf)
		pb = perf_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "pb")), bytes / 4096,
				      on_sample, NULL, NULL, NULL);
	else
		rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "rb")), on_ring, NULL, NULL);
	if (!pb && !rb)
		return 1;
	__u32 cfg[16] = { 64, size };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = cfg, .data_size_in = sizeof(cfg), .repeat = events / 64);
	long long ns = 0;
	for (int round = 0; round < 2; round++) {
		seen = sum = 0;
		double a = cpu_ns();
		if (bpf_prog_test_run_opts(prog, &opts))
			return 1;
		double b = cpu_ns();
		if (perf)
			perf_buffer__consume(pb);
		else
			ring_buffer__consume(rb);
		double c = cpu_ns();
		ns = (long long)(c - (produce ? a : b));
	}
	printf("{\"events\":%llu,\"ns\":%lld,\"sum\":%llu}\n", seen, ns, sum);
	perf_buffer__free(pb);
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}
