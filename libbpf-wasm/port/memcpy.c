/* memcpy, memmove and memset as WebAssembly's bulk-memory instructions (memory.copy,
 * memory.fill). emscripten's standalone libc copies word by word, and a third of a load's
 * CPU time went to that: libbpf copies vmlinux BTF (megabytes) while it parses it. Built
 * with -mbulk-memory (Makefile), so each builtin below is one instruction, never a call
 * back to these functions. Every Node line this package supports has bulk memory. */
#include <stddef.h>

void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
	__builtin_memcpy(dest, src, n);
	return dest;
}

void *memmove(void *dest, const void *src, size_t n)
{
	__builtin_memmove(dest, src, n);
	return dest;
}

void *memset(void *dest, int c, size_t n)
{
	__builtin_memset(dest, c, n);
	return dest;
}
