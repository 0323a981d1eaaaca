/* libbpf-wasm: x86-64's struct pt_regs as its uapi header lays it out for 64-bit code
 * (asm/ptrace.h, !__i386__): usdt.c records a register's offset in it for the BPF side
 * (usdt.bpf.h reads the register at ctx + offset). Compiled for wasm32 the build
 * machine's own header would give 4-byte fields; these are the kernel's 8 bytes.
 * Used by vendor/libbpf/patches/0007-usdt-64-bit-host.patch. */
#ifndef LBW_USDT_REGS_H
#define LBW_USDT_REGS_H
struct lbw_x86_64_pt_regs {
	unsigned long long r15, r14, r13, r12, rbp, rbx, r11, r10;
	unsigned long long r9, r8, rax, rcx, rdx, rsi, rdi, orig_rax;
	unsigned long long rip, cs, eflags, rsp, ss;
};
_Static_assert(sizeof(struct lbw_x86_64_pt_regs) == 21 * 8, "x86-64 pt_regs is 21 registers");
#endif
