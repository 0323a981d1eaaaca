/* The few entry points the facade needs that libbpf's API does not offer as plain
 * integer calls: building an opts struct, and errno (see errno.c). Everything else the
 * facade calls is libbpf's own function, exported by name (libbpf-wasm/exports.txt). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libbpf.h>
#include <bpf.h>

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

/* The four batch commands of bpf.h, one entry: the opts struct is built here so its
 * layout (size_t sz, then two __u64) is stated once, by libbpf's header. kind: 0 lookup,
 * 1 lookup-and-delete, 2 update, 3 delete. Returns libbpf's 0 or -errno; *count is the
 * kernel's count out (elements processed), whatever the result. */
int lbw_map_batch(int kind, int fd, void *in_batch, void *out_batch, void *keys,
		  void *values, __u32 *count, __u64 elem_flags, __u64 flags)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = elem_flags, .flags = flags);

	switch (kind) {
	case 0:
		return bpf_map_lookup_batch(fd, in_batch, out_batch, keys, values, count, &opts);
	case 1:
		return bpf_map_lookup_and_delete_batch(fd, in_batch, out_batch, keys, values,
						       count, &opts);
	case 2:
		return bpf_map_update_batch(fd, keys, values, count, &opts);
	case 3:
		return bpf_map_delete_batch(fd, keys, count, &opts);
	}
	return -22; /* EINVAL, Linux numbering as libbpf returns it */
}

/* bpf_prog_test_run_opts with its opts built here. io holds four u32: data_size_out and
 * ctx_size_out (in: capacity, out: length), then retval and duration (out). */
int lbw_prog_test_run(int fd, const void *data_in, __u32 data_size_in, void *data_out,
		      const void *ctx_in, __u32 ctx_size_in, void *ctx_out, __u32 *io,
		      int repeat, __u32 flags, __u32 cpu, __u32 batch_size)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = data_in, .data_size_in = data_size_in,
		.data_out = data_out, .data_size_out = io[0],
		.ctx_in = ctx_in, .ctx_size_in = ctx_size_in,
		.ctx_out = ctx_out, .ctx_size_out = io[1],
		.repeat = repeat, .flags = flags, .cpu = cpu, .batch_size = batch_size,
	);
	int r = bpf_prog_test_run_opts(fd, &opts);

	io[0] = opts.data_size_out;
	io[1] = opts.ctx_size_out;
	io[2] = opts.retval;
	io[3] = opts.duration;
	return r;
}
