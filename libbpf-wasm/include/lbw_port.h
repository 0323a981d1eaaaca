/* libbpf-wasm: force-included (-include) into every third-party file compiled into
 * the module. It changes no source: it only names the port layer's replacements for
 * the few libc entry points whose native behaviour the module must reproduce.
 *  - strerror/strerror_r: glibc's texts for Linux errno numbers (libbpf prints them).
 *  - syscall: libbpf calls syscall(__NR_bpf, ...) directly; host_abi.c serves it.
 *  - string, conversion and sscanf functions: trap on NULL where glibc would dereference
 *    it (port/libc_checked.c), so the module fails where native libbpf segfaults.
 *  - lbw_arch_*, LIBBPF_HOST_PTR_SZ: the host CPU's answers where native libbpf compiles
 *    in its own CPU's (port/host_arch.c, used by vendor/libbpf/patches/). */
#ifndef LIBBPF_WASM_PORT_H
#define LIBBPF_WASM_PORT_H
#include <stddef.h>
int lbw_strerror_r(int errnum, char *buf, size_t buflen);
char *lbw_strerror(int errnum);
long syscall(long number, ...);
#define strerror_r lbw_strerror_r
#define strerror lbw_strerror
#define memcpy lbw_memcpy
#define memmove lbw_memmove
#define memset lbw_memset
#define memcmp lbw_memcmp
#define memchr lbw_memchr
#define memrchr lbw_memrchr
#define memccpy lbw_memccpy
#define strlen lbw_strlen
#define strnlen lbw_strnlen
#define strcmp lbw_strcmp
#define strncmp lbw_strncmp
#define strchr lbw_strchr
#define strrchr lbw_strrchr
#define strstr lbw_strstr
#define strcpy lbw_strcpy
#define strncpy lbw_strncpy
#define strcat lbw_strcat
#define strdup lbw_strdup
#define strndup lbw_strndup
#define strtol lbw_strtol
#define strtoul lbw_strtoul
#define strtoll lbw_strtoll
#define strtoull lbw_strtoull
#define atoi lbw_atoi
#define atol lbw_atol
#define atoll lbw_atoll
#define sscanf lbw_sscanf
const char *lbw_arch_syscall_pfx(void);
const char *lbw_arch_lib_paths(void);
int lbw_arch_ptr_size(void);
int lbw_arch_usdt_x86_64(void);
#define LIBBPF_HOST_PTR_SZ ((size_t)lbw_arch_ptr_size())
#endif
