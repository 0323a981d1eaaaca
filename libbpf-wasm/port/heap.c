/* Returning the module's free memory to the OS, and what the instance pool checks.
 *
 * WebAssembly memory never shrinks: the pages libbpf touches while it parses vmlinux BTF
 * (megabytes, freed again at the end of bpf_object__load) would stay resident for as long as
 * the object lives. lbw_release_free_pages() walks dlmalloc's chunks (the port links its own
 * build of emscripten's dlmalloc with MALLOC_INSPECT_ALL, Makefile) and hands the interior of
 * every free chunk, and the idle part of the stack, to the host, which madvise()s their whole
 * pages away (MADV_DONTNEED: the next touch reads zeros). That is safe because a free chunk's
 * interior holds nothing dlmalloc reads: its bookkeeping sits at the chunk's start, which
 * inspect_all already excludes, and in the next chunk's header, past the range; calloc
 * clears what it hands out itself. The host rounds the range inward to whole host pages. */
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <emscripten/stack.h>
#include "host.h"

void malloc_inspect_all(void (*handler)(void *start, void *end, size_t used, void *arg), void *arg);

/* Never discard the stack this close to the live frames: the walk below and the host call
 * run on it. */
#define STACK_MARGIN (64 * 1024)

static void discard_free_chunk(void *start, void *end, size_t used, void *arg)
{
	uint32_t *total = arg;

	if (used == 0 && (char *)end - (char *)start >= 4096)
		*total += (uint32_t)lbw_host_discard_pages(start, (uint32_t)((char *)end - (char *)start));
}

/* Bytes given back to the OS. */
uint32_t lbw_release_free_pages(void)
{
	uint32_t total = 0;
	uintptr_t low = emscripten_stack_get_end();
	uintptr_t high = emscripten_stack_get_current();

	malloc_inspect_all(discard_free_chunk, &total);
	if (high > low + STACK_MARGIN)
		total += (uint32_t)lbw_host_discard_pages((void *)low, (uint32_t)(high - STACK_MARGIN - low));
	return total;
}

/* Bytes of the heap in use: the pool takes an instance back only when a close returned the
 * heap to what it was when the instance was handed out. */
uint32_t lbw_heap_in_use(void)
{
	return (uint32_t)mallinfo().uordblks;
}
