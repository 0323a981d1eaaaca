// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * events <events_emit.bpf.o> ring|perf <runs> <nrec> <fixed_size> <ring_size|page_cnt> [consume_every]
 *
 * The native side of the events differential: loads the object with native libbpf 1.1.2
 * (the ring buffer map resized to ring_size), runs emit_ring or emit_perf `runs` times
 * through BPF_PROG_TEST_RUN (each run emits `nrec` records, see the BPF source) and
 * consumes with ring_buffer__consume / perf_buffer__consume after every `consume_every`
 * runs (default 1) and once at the end. Prints one line per record as delivered:
 *   R <hex>            a ring buffer record
 *   S <cpu> <hex>      a perf sample (the raw data as the kernel padded it)
 *   L <cpu> <count>    a perf lost record
 *   C <result>         what each consume returned
 * Exits 1 on a setup failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static void hex(const void *data, size_t size)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < size; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

static int on_ring(void *ctx __attribute__((unused)), void *data, size_t size)
{
	fputs("R ", stdout);
	hex(data, size);
	return 0;
}

static void on_sample(void *ctx __attribute__((unused)), int cpu, void *data, __u32 size)
{
	printf("S %d ", cpu);
	hex(data, size);
}

static void on_lost(void *ctx __attribute__((unused)), int cpu, __u64 cnt)
{
	printf("L %d %llu\n", cpu, (unsigned long long)cnt);
}

int main(int argc, char **argv)
{
	if (argc < 7) {
		fprintf(stderr, "usage: events OBJ ring|perf RUNS NREC FIXED RING_SIZE|PAGE_CNT [CONSUME_EVERY]\n");
		return 2;
	}
	int perf = strcmp(argv[2], "perf") == 0;
	int runs = atoi(argv[3]), every = argc > 7 ? atoi(argv[7]) : 1;
	__u32 cfg[16] = { (__u32)atoi(argv[4]), (__u32)atoi(argv[5]) };
	unsigned size = (unsigned)atoi(argv[6]);
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;

	if (!obj) {
		fprintf(stderr, "open: %d\n", -errno);
		return 1;
	}
	if (!perf && bpf_map__set_max_entries(bpf_object__find_map_by_name(obj, "rb"), size))
		return 1;
	if (bpf_object__load(obj)) {
		fprintf(stderr, "load: %d\n", -errno);
		return 1;
	}
	int prog = bpf_program__fd(bpf_object__find_program_by_name(obj, perf ? "emit_perf" : "emit_ring"));
	if (perf)
		pb = perf_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "pb")), size,
				      on_sample, on_lost, NULL, NULL);
	else
		rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "rb")), on_ring, NULL, NULL);
	if (!pb && !rb) {
		fprintf(stderr, "buffer: %d\n", -errno);
		return 1;
	}
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = cfg, .data_size_in = sizeof(cfg), .repeat = 1);
	for (int i = 1; i <= runs; i++) {
		if (bpf_prog_test_run_opts(prog, &opts)) {
			fprintf(stderr, "test_run: %d\n", -errno);
			return 1;
		}
		if (i % every == 0 || i == runs) {
			int r = perf ? perf_buffer__consume(pb) : ring_buffer__consume(rb);
			printf("C %d\n", r);
		}
	}
	perf_buffer__free(pb);
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}
