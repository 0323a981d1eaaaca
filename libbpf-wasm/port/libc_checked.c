/* The libc functions libbpf, libelf and zlib call with pointers, with the NULL check
 * native code gets for free. In WebAssembly address 0 is ordinary memory: strcmp(NULL, s)
 * inside libc reads it and goes on where native libbpf segfaults, and -fsanitize=null
 * only covers the code compiled with it, not libc's. lbw_port.h renames each of these
 * (#define strcmp lbw_strcmp) in every third-party file; these trap (-> LibbpfError
 * EWASMTRAP) exactly where glibc would dereference NULL, then call libc's own function.
 * A count of 0 dereferences nothing (memcpy(NULL, p, 0), strncmp(NULL, s, 0)), as in glibc. */
#define _GNU_SOURCE /* memrchr */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONNULL(p) do { if (!(p)) __builtin_trap(); } while (0)
#define NONNULL_IF(n, p) do { if ((n) && !(p)) __builtin_trap(); } while (0)

void *lbw_memcpy(void *restrict d, const void *restrict s, size_t n) { NONNULL_IF(n, d); NONNULL_IF(n, s); return memcpy(d, s, n); }
void *lbw_memmove(void *d, const void *s, size_t n) { NONNULL_IF(n, d); NONNULL_IF(n, s); return memmove(d, s, n); }
void *lbw_memset(void *d, int c, size_t n) { NONNULL_IF(n, d); return memset(d, c, n); }
int lbw_memcmp(const void *a, const void *b, size_t n) { NONNULL_IF(n, a); NONNULL_IF(n, b); return memcmp(a, b, n); }
void *lbw_memchr(const void *s, int c, size_t n) { NONNULL_IF(n, s); return memchr(s, c, n); }
void *lbw_memrchr(const void *s, int c, size_t n) { NONNULL_IF(n, s); return memrchr(s, c, n); }
void *lbw_memccpy(void *restrict d, const void *restrict s, int c, size_t n) { NONNULL_IF(n, d); NONNULL_IF(n, s); return memccpy(d, s, c, n); }
size_t lbw_strlen(const char *s) { NONNULL(s); return strlen(s); }
size_t lbw_strnlen(const char *s, size_t n) { NONNULL_IF(n, s); return strnlen(s, n); }
int lbw_strcmp(const char *a, const char *b) { NONNULL(a); NONNULL(b); return strcmp(a, b); }
int lbw_strncmp(const char *a, const char *b, size_t n) { NONNULL_IF(n, a); NONNULL_IF(n, b); return strncmp(a, b, n); }
char *lbw_strchr(const char *s, int c) { NONNULL(s); return strchr(s, c); }
char *lbw_strrchr(const char *s, int c) { NONNULL(s); return strrchr(s, c); }
char *lbw_strstr(const char *h, const char *n) { NONNULL(h); NONNULL(n); return strstr(h, n); }
char *lbw_strcpy(char *restrict d, const char *restrict s) { NONNULL(d); NONNULL(s); return strcpy(d, s); }
char *lbw_strncpy(char *restrict d, const char *restrict s, size_t n) { NONNULL_IF(n, d); NONNULL_IF(n, s); return strncpy(d, s, n); }
char *lbw_strcat(char *restrict d, const char *restrict s) { NONNULL(d); NONNULL(s); return strcat(d, s); }
char *lbw_strdup(const char *s) { NONNULL(s); return strdup(s); }
char *lbw_strndup(const char *s, size_t n) { NONNULL_IF(n, s); return strndup(s, n); }
long lbw_strtol(const char *restrict s, char **restrict end, int base) { NONNULL(s); return strtol(s, end, base); }
unsigned long lbw_strtoul(const char *restrict s, char **restrict end, int base) { NONNULL(s); return strtoul(s, end, base); }
long long lbw_strtoll(const char *restrict s, char **restrict end, int base) { NONNULL(s); return strtoll(s, end, base); }
unsigned long long lbw_strtoull(const char *restrict s, char **restrict end, int base) { NONNULL(s); return strtoull(s, end, base); }
int lbw_atoi(const char *s) { NONNULL(s); return atoi(s); }
long lbw_atol(const char *s) { NONNULL(s); return atol(s); }
long long lbw_atoll(const char *s) { NONNULL(s); return atoll(s); }

int lbw_sscanf(const char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	NONNULL(s);
	NONNULL(fmt);
	va_start(ap, fmt);
	r = vsscanf(s, fmt, ap);
	va_end(ap);
	return r;
}
