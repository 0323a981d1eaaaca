/* The few entry points the facade needs that libbpf's API does not offer as plain
 * integer calls: building an opts struct, and errno (see errno.c). Everything else the
 * facade calls is libbpf's own function, exported by name (libbpf-wasm/exports.txt). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libbpf.h>

/* bpf_object__open_file (path != NULL) or bpf_object__open_mem, with the open options
 * the facade exposes. NULL strings leave an option unset; returns NULL with errno set. */
struct bpf_object *lbw_object_open(const void *buf, size_t size, const char *path,
				   const char *object_name, const char *pin_root_path,
				   const char *kconfig, const char *btf_custom_path,
				   unsigned kernel_log_level)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts,
		.object_name = object_name,
		.pin_root_path = pin_root_path,
		.kconfig = kconfig,
		.btf_custom_path = btf_custom_path,
		.kernel_log_level = kernel_log_level,
	);

	struct bpf_object *obj = path ? bpf_object__open_file(path, &opts)
				      : bpf_object__open_mem(buf, size, &opts);

	/* libbpf 1.1.2 can return an error code that is not an errno (a BTF size, say) as
	 * a pointer, which no IS_ERR() check recognises: native callers segfault on its
	 * first use. In wasm32 such a pointer is past the end of memory; trap here, inside
	 * the open call, rather than in whichever later call first reads it. */
	if (obj && (uintptr_t)obj >= __builtin_wasm_memory_size(0) * 65536u)
		__builtin_trap();
	return obj;
}
