/* Anonymous mmap as Linux gives it to libbpf, in linear memory. emscripten's own
 * (emscripten_mmap.c, replaced whole: these are the three symbols of that file) differs
 * where native libbpf notices:
 *  - mmap(len = 0) succeeded; Linux says EINVAL.
 *  - len + its bookkeeping overflowed 32 bits for len near 4 GiB: a small block, then
 *    a memset of len bytes over the whole memory. Linux rounds len up to pages and says
 *    ENOMEM when that overflows or the memory is not there.
 *  - it memset the whole block. Linux maps lazily: a 14 KB object whose .bss claims
 *    1.9 GiB costs native libbpf nothing, and cost the module 1.9 GiB of RSS and 20 s.
 *    Memory above the old break comes fresh from memory.grow, already zero (dlmalloc is
 *    built with MORECORE_CANNOT_TRIM, so the break never goes back down), and only the
 *    part of the block below it is cleared.
 * Files cannot be mapped into linear memory: that fails as before (ENOSYS), and libelf
 * falls back to reading the file. */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "host.h"

struct mapping {
	char *addr;
	size_t len;
	struct mapping *next;
};

static struct mapping *mappings;

long __syscall_mmap2(long addr, long len, long prot, long flags, long fd, long off)
{
	size_t page = lbw_host_page_size(), size = (size_t)len;
	struct mapping *m;
	char *brk_before, *p;

	(void)addr; (void)prot; (void)fd; (void)off;
	if (size == 0)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENOSYS;
	if (size > SIZE_MAX - (page - 1))
		return -ENOMEM;
	size = (size + page - 1) & ~(page - 1);
	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	brk_before = sbrk(0);
	p = memalign(page, size);
	/* an address past 2^31 would read as an error to libc's mmap (and the facade) */
	if (!p || (uintptr_t)p + size > (uintptr_t)INTPTR_MAX) {
		free(p);
		free(m);
		return -ENOMEM;
	}
	if (p < brk_before)
		memset(p, 0, (size_t)(brk_before - p) < size ? (size_t)(brk_before - p) : size);
	m->addr = p;
	m->len = size;
	m->next = mappings;
	mappings = m;
	return (long)p;
}

/* The whole mapping that starts at addr goes (libbpf unmaps what it mapped, whole).
 * Linux unmaps nothing and succeeds for a range that is not mapped. */
long __syscall_munmap(long addr, long len)
{
	struct mapping **pm, *m;

	if (len == 0 || (addr & (lbw_host_page_size() - 1)))
		return -EINVAL;
	for (pm = &mappings; (m = *pm); pm = &m->next) {
		if (m->addr == (char *)addr) {
			*pm = m->next;
			free(m->addr);
			free(m);
			break;
		}
	}
	return 0;
}

long __syscall_msync(long addr, long len, long flags)
{
	(void)addr; (void)len; (void)flags;
	return 0;
}
