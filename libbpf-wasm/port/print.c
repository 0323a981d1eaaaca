/* Sends every libbpf print to the host, whole, at its level; the host decides what
 * to show (the facade's setLogger, the differential harness's capture). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <libbpf.h>
#include "host.h"

/* The most verbose level the host's logger takes: a print beyond it is not even formatted
 * (libbpf prints a debug line per section and relocation, ~1,500 for a CO-RE-heavy load,
 * which native libbpf's default print function drops unformatted too). Warnings are always
 * sent: the facade keeps them for LibbpfError.log. */
static int max_level = LIBBPF_DEBUG;

void lbw_set_print_level(int level)
{
	max_level = level;
}

static int print_to_host(enum libbpf_print_level level, const char *format, va_list args)
{
	char small[1024];
	va_list again;
	int len;

	if ((int)level > max_level && level != LIBBPF_WARN)
		return 0;
	va_copy(again, args);
	len = vsnprintf(small, sizeof(small), format, args);
	if (len < 0) {
		va_end(again);
		return len;
	}
	if ((size_t)len < sizeof(small)) {
		lbw_host_print(level, small, len);
	} else {
		/* Verifier logs run long; printing is not a hot path. */
		char *big = malloc((size_t)len + 1);
		if (big) {
			vsnprintf(big, (size_t)len + 1, format, again);
			lbw_host_print(level, big, len);
			free(big);
		} else {
			lbw_host_print(level, small, sizeof(small) - 1);
		}
	}
	va_end(again);
	return len;
}

__attribute__((constructor)) static void install_print(void)
{
	libbpf_set_print(print_to_host);
}
