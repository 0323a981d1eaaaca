/* A USDT probe lbw:hello with one int argument, written as sys/sdt.h writes it (no
 * systemtap-sdt-dev needed). Built by tests/attach-kernel.test.mjs. */
#define LBW_PROBE1(arg) __asm__ __volatile__( \
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
	".asciz \"hello\"\n" \
	".asciz \"-4@%0\"\n" \
	"994: .balign 4\n" \
	".popsection\n" \
	".ifndef _.stapsdt.base\n" \
	".pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n" \
	".weak _.stapsdt.base\n" \
	".hidden _.stapsdt.base\n" \
	"_.stapsdt.base: .space 1\n" \
	".size _.stapsdt.base, 1\n" \
	".popsection\n" \
	".endif\n" :: "r"(arg))

__attribute__((noinline)) void fire(int x) { LBW_PROBE1(x); }
int main(void) { for (int i = 0; i < 3; i++) fire(40 + i); return 0; }
