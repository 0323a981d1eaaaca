/* libbpf-wasm: emscripten's sys/syscall.h has no __NR_bpf; skel_internal.h expects it here. */
#ifndef LIBBPF_WASM_SYS_SYSCALL_H
#define LIBBPF_WASM_SYS_SYSCALL_H
#include_next <sys/syscall.h>
#include <asm/unistd.h>
#endif
