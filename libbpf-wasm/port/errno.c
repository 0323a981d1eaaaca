/* errno for the module: libc inside the module keeps its own numbering, while libbpf,
 * libelf and zlib (compiled with libbpf-wasm/include/errno.h) read and write a Linux-
 * numbered errno through lbw_errno_location(). A sentinel left in libc's errno shows
 * whether libc has set a new value since libbpf last looked; if so it is translated
 * once. libbpf's own writes (errno = -err) stay in the Linux-numbered copy. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lbw_errno_table.h"

/* Linux values the port itself needs (this file sees libc's numbering). */
#define LINUX_EINVAL 22
#define LINUX_ERANGE 34

/* Not an errno value of either numbering. */
#define LIBC_ERRNO_UNCHANGED 0x7ffffff0

static int linux_errno;

int lbw_errno_to_linux(int module_errno)
{
	for (int i = 0; i < lbw_errno_pair_count; i++)
		if (lbw_errno_pairs[i].module_errno == module_errno)
			return lbw_errno_pairs[i].linux_errno;
	return module_errno; /* 0, libbpf's own 4000+ codes, or unknown: unchanged */
}

int lbw_errno_to_module(int linux_errno_value)
{
	for (int i = 0; i < lbw_errno_pair_count; i++)
		if (lbw_errno_pairs[i].linux_errno == linux_errno_value)
			return lbw_errno_pairs[i].module_errno;
	return linux_errno_value;
}

int *lbw_errno_location(void)
{
	int *libc_errno = __errno_location();

	if (*libc_errno != LIBC_ERRNO_UNCHANGED) {
		linux_errno = lbw_errno_to_linux(*libc_errno);
		*libc_errno = LIBC_ERRNO_UNCHANGED;
	}
	return &linux_errno;
}

/* Sets errno as a libc function would after a host call failed with -linux_err. */
void lbw_set_errno_from_host(int linux_err)
{
	errno = lbw_errno_to_module(linux_err);
}

int lbw_errno(void)
{
	return *lbw_errno_location();
}

static const char *glibc_text(int errnum)
{
	if (errnum < 0 || errnum > lbw_glibc_errno_max)
		return NULL;
	if (strncmp(lbw_glibc_strerror[errnum], "Unknown error", 13) == 0)
		return NULL;
	return lbw_glibc_strerror[errnum];
}

/* glibc's XSI strerror_r (__xpg_strerror_r), for Linux errno numbers: the text is
 * copied (truncated with ERANGE when buf is short); an unknown number writes
 * "Unknown error N" and returns EINVAL. Returns Linux values, as libbpf expects. */
int lbw_strerror_r(int errnum, char *buf, size_t buflen)
{
	const char *text = glibc_text(errnum);

	if (!text) {
		if (buflen)
			snprintf(buf, buflen, "Unknown error %d", errnum);
		return LINUX_EINVAL;
	}
	if (buflen < 1)
		return LINUX_ERANGE;
	size_t len = strlen(text);
	size_t n = len < buflen - 1 ? len : buflen - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return len >= buflen ? LINUX_ERANGE : 0;
}

char *lbw_strerror(int errnum)
{
	static char buf[64];
	const char *text = glibc_text(errnum);

	if (text)
		return (char *)text;
	snprintf(buf, sizeof(buf), "Unknown error %d", errnum);
	return buf;
}

#include <libbpf.h>

#define LIBBPF_CODE(name) [LIBBPF_ERRNO__##name - __LIBBPF_ERRNO__START] = "LIBBPF_ERRNO__" #name
static const char *const libbpf_code_names[__LIBBPF_ERRNO__END - __LIBBPF_ERRNO__START] = {
	LIBBPF_CODE(LIBELF), LIBBPF_CODE(FORMAT), LIBBPF_CODE(KVERSION), LIBBPF_CODE(ENDIAN),
	LIBBPF_CODE(INTERNAL), LIBBPF_CODE(RELOC), LIBBPF_CODE(LOAD), LIBBPF_CODE(VERIFY),
	LIBBPF_CODE(PROG2BIG), LIBBPF_CODE(KVER), LIBBPF_CODE(PROGTYPE), LIBBPF_CODE(WRNGPID),
	LIBBPF_CODE(INVSEQ), LIBBPF_CODE(NLPARSE),
};

/* The symbolic name of a Linux errno ("ENOENT") or of one of libbpf's own codes
 * ("LIBBPF_ERRNO__FORMAT"); NULL when there is none. The facade's error codes. */
const char *lbw_errno_name(int linux_errno_value)
{
	for (int i = 0; i < lbw_errno_pair_count; i++)
		if (lbw_errno_pairs[i].linux_errno == linux_errno_value)
			return lbw_errno_pairs[i].name;
	if (linux_errno_value >= __LIBBPF_ERRNO__START && linux_errno_value < __LIBBPF_ERRNO__END)
		return libbpf_code_names[linux_errno_value - __LIBBPF_ERRNO__START];
	return NULL;
}
