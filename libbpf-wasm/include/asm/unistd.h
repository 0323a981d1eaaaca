/* Syscall numbers libbpf passes to syscall(). The module has no kernel of its own:
 * host_abi.c routes syscall(nr, ...) by these numbers, so they only need to be
 * distinct. They are x86_64's, to read familiar in a debugger. */
#ifndef LIBBPF_WASM_ASM_UNISTD_H
#define LIBBPF_WASM_ASM_UNISTD_H
#define __NR_perf_event_open 298
#define __NR_bpf 321
#endif
