/* libbpf-wasm: force-included (-include) into every third-party file compiled into
 * the module. It changes no source: it only names the port layer's replacements for
 * the few libc entry points whose native behaviour the module must reproduce.
 *  - strerror/strerror_r: glibc's texts for Linux errno numbers (libbpf prints them).
 *  - syscall: libbpf calls syscall(__NR_bpf, ...) directly; host_abi.c serves it.
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
const char *lbw_arch_syscall_pfx(void);
const char *lbw_arch_lib_paths(void);
int lbw_arch_ptr_size(void);
#define LIBBPF_HOST_PTR_SZ ((size_t)lbw_arch_ptr_size())
#endif
