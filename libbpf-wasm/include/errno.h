/* libbpf-wasm: errno with Linux numbering inside the module.
 *
 * libbpf prints errno numbers in its messages ("failed to pin map: -22") and compares
 * errno against E* constants. Native libbpf runs with Linux numbers; emscripten's libc
 * numbers errno like WASI (EINVAL is 28). Everything compiled into the module (libbpf,
 * libelf, zlib, the port layer) therefore sees Linux values, and the host ABI returns
 * Linux values, so errno has one numbering end to end. See docs/host-abi.md. */
#ifndef LIBBPF_WASM_ERRNO_H
#define LIBBPF_WASM_ERRNO_H
#include_next <errno.h>
#include "lbw_linux_errno.h"
#endif
