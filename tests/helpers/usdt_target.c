/* USDT probes written as sys/sdt.h writes them (no systemtap-sdt-dev needed), in a
 * 64-bit binary built by tests/attach-kernel.test.mjs:
 *   lbw:hello  one int in a register ("-4@%edi")
 *   lbw:three  a register, a memory operand and a constant ("-4@%eax 8@16(%rsp) -4@$-7"),
 *              the three argument forms libbpf's x86-64 parser knows;
 *   lbw:gated  a probe with a semaphore (sys/sdt.h's _SEMAPHORE): the kernel counts it up
 *              while a uprobe with its ref_ctr_offset is attached; the binary prints it. */
#define LBW_NOTE(sema, args) \
	"990: nop\n" \
	".pushsection .note.stapsdt,\"\",\"note\"\n" \
	".balign 4\n" \
	".4byte 992f-991f, 994f-993f, 3\n" \
	"991: .asciz \"stapsdt\"\n" \
	"992: .balign 4\n" \
	"993: .8byte 990b\n" \
	".8byte _.stapsdt.base\n" \
	".8byte " sema "\n" \
	".asciz \"lbw\"\n" \
	args \
	"994: .balign 4\n" \
	".popsection\n" \
	".ifndef _.stapsdt.base\n" \
	".pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n" \
	".weak _.stapsdt.base\n" \
	".hidden _.stapsdt.base\n" \
	"_.stapsdt.base: .space 1\n" \
	".size _.stapsdt.base, 1\n" \
	".popsection\n" \
	".endif\n"

#define LBW_PROBE1(arg) __asm__ __volatile__(LBW_NOTE("0", ".asciz \"hello\"\n.asciz \"-4@%0\"\n") :: "r"(arg))
#define LBW_PROBE3(a, b) __asm__ __volatile__(LBW_NOTE("0", ".asciz \"three\"\n.asciz \"-4@%0 8@%1 -4@%2\"\n") \
	:: "r"(a), "m"(b), "i"(-7))

#define LBW_PROBE_GATED(arg) __asm__ __volatile__(LBW_NOTE("lbw_gated_semaphore", \
	".asciz \"gated\"\n.asciz \"-4@%0\"\n") :: "r"(arg))

/* In .probes, as sys/sdt.h puts semaphores: a data segment, never executable. */
__attribute__((section(".probes"), used)) volatile unsigned short lbw_gated_semaphore;

#include <stdio.h>

__attribute__((noinline)) void fire(int x) { LBW_PROBE1(x); }
__attribute__((noinline)) void fire3(int x)
{
	volatile long long big = 0x100000000LL * x + 5; /* beyond 32 bits: read whole */

	LBW_PROBE3(x, big);
}
int main(void)
{
	for (int i = 0; i < 3; i++) fire(40 + i);
	fire3(3);
	if (lbw_gated_semaphore)
		LBW_PROBE_GATED(7);
	printf("semaphore %u\n", lbw_gated_semaphore);
	return 0;
}
