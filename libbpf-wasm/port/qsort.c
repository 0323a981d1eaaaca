/* qsort as glibc's: a stable merge sort. libbpf sorts with comparators that can call two
 * elements equal (cmp_relocs compares only the instruction index, so a hostile object with
 * two relocations on one instruction has equal keys), and then the order of equals decides
 * the result (the later relocation wins). glibc's qsort is a merge sort, stable whenever it
 * can allocate its buffer; musl's smoothsort is not, and the module resolved such an
 * instruction to another map than native libbpf did (hostile-object fuzz, core_heavy.bpf.o
 * with a relocation offset changed). Without memory for the buffer, an insertion sort keeps
 * the same stable order. */
#include <stdlib.h>
#include <string.h>

typedef int (*cmp_fn)(const void *, const void *);

static void merge_sort(char *base, char *tmp, size_t n, size_t size, cmp_fn cmp)
{
	size_t half = n / 2, i = 0, j = half, k = 0;

	if (n < 2)
		return;
	merge_sort(base, tmp, half, size, cmp);
	merge_sort(base + half * size, tmp, n - half, size, cmp);
	while (i < half && j < n) {
		/* <= 0 takes the left one first: equal elements keep their order */
		if (cmp(base + i * size, base + j * size) <= 0)
			memcpy(tmp + k++ * size, base + i++ * size, size);
		else
			memcpy(tmp + k++ * size, base + j++ * size, size);
	}
	memcpy(tmp + k * size, base + i * size, (half - i) * size);
	k += half - i;
	memcpy(tmp + k * size, base + j * size, (n - j) * size);
	memcpy(base, tmp, n * size);
}

static void insertion_sort(char *base, size_t n, size_t size, cmp_fn cmp)
{
	char item[256];

	for (size_t i = 1; i < n; i++) {
		size_t j = i;

		while (j > 0 && cmp(base + (j - 1) * size, base + i * size) > 0)
			j--;
		if (j == i)
			continue;
		/* rotate [j, i] right by one element, in chunks of the local buffer */
		for (size_t off = 0; off < size; off += sizeof(item)) {
			size_t len = size - off < sizeof(item) ? size - off : sizeof(item);

			memcpy(item, base + i * size + off, len);
			for (size_t m = i; m > j; m--)
				memcpy(base + m * size + off, base + (m - 1) * size + off, len);
			memcpy(base + j * size + off, item, len);
		}
	}
}

void qsort(void *base, size_t n, size_t size, cmp_fn cmp)
{
	char *tmp;

	if (n < 2 || size == 0)
		return;
	tmp = n <= (size_t)-1 / size ? malloc(n * size) : NULL;
	if (!tmp) {
		insertion_sort(base, n, size, cmp);
		return;
	}
	merge_sort(base, tmp, n, size, cmp);
	free(tmp);
}
