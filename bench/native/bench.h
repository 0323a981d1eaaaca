/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What every native baseline of the benchmarks shares: libbpf kept quiet (the facade's
 * side runs with a warn-level logger), and process CPU time, the measure of every bench. */
#ifndef LBW_BENCH_H
#define LBW_BENCH_H
#include <stdarg.h>
#include <time.h>
#include <bpf/libbpf.h>

static inline int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static inline double cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}
#endif
