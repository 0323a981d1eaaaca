/* Host results (>= 0 or -errno in Linux numbering) as the module's libc gives them. */
#ifndef LBW_LIBC_RESULT_H
#define LBW_LIBC_RESULT_H
#include <errno.h>
#include <stdint.h>
#include "lbw_errno_table.h"

/* For __syscall_* functions: -errno in libc's numbering. */
static inline long to_libc(int32_t host_result)
{
	return host_result < 0 ? -lbw_errno_to_module(-host_result) : host_result;
}

/* For the libc functions replaced whole: errno and -1, as libc would. */
static inline long to_libc_call(int32_t host_result)
{
	if (host_result < 0) {
		errno = lbw_errno_to_module(-host_result);
		return -1;
	}
	return host_result;
}
#endif
