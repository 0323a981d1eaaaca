/* libbpf-wasm: the config.h elfutils' configure would write, for the one part built here
 * (libelf) and the one target (wasm32, emscripten's musl). Single-threaded: USE_LOCKS is
 * left undefined, so eu-config.h turns libelf's rwlocks into no-ops (the module runs on
 * one thread, like every WebAssembly instance without shared memory). No zstd or lzma:
 * libbpf only needs zlib, for gzip-compressed kernel configs. */
#ifndef LIBBPF_WASM_ELFUTILS_CONFIG_H
#define LIBBPF_WASM_ELFUTILS_CONFIG_H
#define PACKAGE_NAME "elfutils"
#define PACKAGE "elfutils"
#define PACKAGE_VERSION "0.188"
#define VERSION "0.188"
#define PACKAGE_URL ""
#define PACKAGE_BUGREPORT ""
#define LOCALEDIR "/usr/share/locale"
#define _GNU_SOURCE 1
#define HAVE_DECL_MEMPCPY 1
#define HAVE_DECL_MEMRCHR 1
#define HAVE_DECL_RAWMEMCHR 0
#define HAVE_DECL_POWEROF2 1
#define HAVE_DECL_REALLOCARRAY 1
#define HAVE_ERR_H 1
#define HAVE_FALLTHROUGH 1
#define HAVE_VISIBILITY 1
#define HAVE_STDATOMIC_H 1
#define SIZEOF_LONG 4
/* configure appends this to every elfutils config.h */
#include <eu-config.h>
#endif
