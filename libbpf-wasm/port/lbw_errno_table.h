/* The one errno mapping of the module: Linux numbers (the kernel's, libbpf's, the
 * host's) against emscripten libc's numbers. Generated into lbw_errno_table.c by
 * libbpf-wasm/gen/errno-tables.mjs; see docs/host-abi.md, "errno". */
#ifndef LBW_ERRNO_TABLE_H
#define LBW_ERRNO_TABLE_H
struct lbw_errno_pair {
	int linux_errno;
	int module_errno;
	const char *name;
};
extern const struct lbw_errno_pair lbw_errno_pairs[];
extern const int lbw_errno_pair_count;
extern const int lbw_glibc_errno_max;
extern const char *const lbw_glibc_strerror[];

int lbw_errno_to_linux(int module_errno);
int lbw_errno_to_module(int linux_errno);
#endif
