/* libbpf-wasm: force-included (-include) into every third-party file compiled into
 * the module. It changes no source: it only names the port layer's replacements for
 * the few libc entry points whose native behaviour the module must reproduce.
 *  - strerror/strerror_r: glibc's texts for Linux errno numbers (libbpf prints them).
 *  - syscall: libbpf calls syscall(__NR_bpf, ...) directly; host_abi.c serves it. */
#ifndef LIBBPF_WASM_PORT_H
#define LIBBPF_WASM_PORT_H
#include <stddef.h>
int lbw_strerror_r(int errnum, char *buf, size_t buflen);
char *lbw_strerror(int errnum);
long syscall(long number, ...);
#define strerror_r lbw_strerror_r
#define strerror lbw_strerror
#endif
