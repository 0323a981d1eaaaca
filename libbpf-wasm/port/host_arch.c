/* The CPU-dependent answers native libbpf compiles in (#if defined(__x86_64__) ...),
 * given for the host's CPU: the module runs as libbpf built for the machine it runs on,
 * not for wasm32 (vendor/libbpf/patches/0001-host-cpu-at-run-time.patch). The host's CPU
 * is its uname machine, as `uname -m` prints it; each table row is the #if branch of
 * libbpf 1.1.2 that a native build on that machine takes. */
#include <string.h>
#include <sys/utsname.h>

struct arch_answers {
	const char *machine;	/* uname machine, or its prefix when it ends in '*' */
	const char *syscall_pfx;	/* arch_specific_syscall_pfx() */
	const char *lib_paths;	/* arch_specific_lib_paths() */
	int ptr_size;
};

static const struct arch_answers arch_table[] = {
	{ "x86_64", "x64", "/lib/x86_64-linux-gnu", 8 },
	{ "i?86", "ia32", "/lib/i386-linux-gnu", 4 },
	{ "s390x", "s390x", "/lib/s390x-linux-gnu", 8 },
	{ "s390", "s390", "/lib/s390-linux-gnu", 4 },
	/* armhf is the only 32-bit arm Node ships for; __SOFTFP__ builds are not known here */
	{ "arm*", "arm", "/lib/arm-linux-gnueabihf", 4 },
	{ "aarch64", "arm64", "/lib/aarch64-linux-gnu", 8 },
	/* libbpf names only little-endian mips library paths */
	{ "mips64", "mips", NULL, 8 },
	{ "mips*", "mips", NULL, 4 },
	{ "riscv64", "riscv", "/lib/riscv64-linux-gnu", 8 },
	{ "riscv*", "riscv", NULL, 4 },
	/* __powerpc__ is defined on ppc64 too, and tested first: "powerpc" for both */
	{ "ppc64le", "powerpc", "/lib/powerpc64le-linux-gnu", 8 },
	{ "ppc64", "powerpc", NULL, 8 },
	{ "ppc*", "powerpc", NULL, 4 },
	{ "sparc64", NULL, "/lib/sparc64-linux-gnu", 8 },
	{ "loongarch64", NULL, NULL, 8 },
};

static int machine_matches(const char *pattern, const char *machine)
{
	size_t n = strlen(pattern);

	if (pattern[n - 1] == '*')
		return strncmp(pattern, machine, n - 1) == 0;
	if (!strcmp(pattern, "i?86"))
		return strlen(machine) == 4 && machine[0] == 'i' && !strcmp(machine + 2, "86");
	return strcmp(pattern, machine) == 0;
}

/* NULL when the host's machine is not one libbpf knows (as native libbpf built there). */
static const struct arch_answers *host_arch(void)
{
	static const struct arch_answers unknown = { "", NULL, NULL, 8 };
	static const struct arch_answers *cached;
	struct utsname uts;
	size_t i;

	if (cached)
		return cached;
	cached = &unknown;
	if (uname(&uts) == 0) {
		for (i = 0; i < sizeof(arch_table) / sizeof(arch_table[0]); i++) {
			if (machine_matches(arch_table[i].machine, uts.machine)) {
				cached = &arch_table[i];
				break;
			}
		}
	}
	return cached;
}

const char *lbw_arch_syscall_pfx(void)
{
	return host_arch()->syscall_pfx;
}

const char *lbw_arch_lib_paths(void)
{
	return host_arch()->lib_paths;
}

int lbw_arch_ptr_size(void)
{
	return host_arch()->ptr_size;
}

/* usdt.c's argument-spec parser is compiled in for x86-64 only (patch 0007): true when
 * the host is the CPU whose parser native libbpf would use. */
int lbw_arch_usdt_x86_64(void)
{
	return strcmp(host_arch()->machine, "x86_64") == 0;
}
