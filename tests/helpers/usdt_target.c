/* USDT probes written as sys/sdt.h writes them (no systemtap-sdt-dev needed), in a
 * 64-bit binary built by tests/attach-kernel.test.mjs:
 *   lbw:hello  one int in a register ("-4@%edi")
 *   lbw:three  a register, a memory operand and a constant ("-4@%eax 8@16(%rsp) -4@$-7"),
 *              the three argument forms libbpf's x86-64 parser knows. */
#define LBW_NOTE(args) \
	"990: nop\n" \
	".pushsection .note.stapsdt,\"\",\"note\"\n" \
	".balign 4\n" \
	".4byte 992f-991f, 994f-993f, 3\n" \
	"991: .asciz \"stapsdt\"\n" \
	"992: .balign 4\n" \
	"993: .8byte 990b\n" \
	".8byte _.stapsdt.base\n" \
	".8byte 0\n" \
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

#define LBW_PROBE1(arg) __asm__ __volatile__(LBW_NOTE(".asciz \"hello\"\n.asciz \"-4@%0\"\n") :: "r"(arg))
#define LBW_PROBE3(a, b) __asm__ __volatile__(LBW_NOTE(".asciz \"three\"\n.asciz \"-4@%0 8@%1 -4@%2\"\n") \
	:: "r"(a), "m"(b), "i"(-7))

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
	return 0;
}
