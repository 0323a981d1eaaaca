/* What the command line (src/cli/) needs from the module beyond libbpf's plain-integer
 * API: btf_dump's C output collected into one buffer (btf_dump__new takes a printf
 * callback, which the facade cannot be), and the full version of the libbpf sources the
 * module was built from (libbpf_version_string() says only "v1.1"). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <btf.h>

#define LINUX_ENOMEM 12 /* the same number in both numberings, named for the reader */

/* libbpf's errno, Linux-numbered (errno.c). */
int lbw_errno(void);

#ifndef LBW_LIBBPF_VERSION
#error "LBW_LIBBPF_VERSION must come from vendor/libbpf/pin (libbpf-wasm/Makefile)"
#endif

/* "1.1.2": the upstream version of the pinned source package. */
const char *lbw_libbpf_version(void)
{
	return LBW_LIBBPF_VERSION;
}

struct text {
	char *buf;
	size_t len, cap;
	int err;
};

static void text_printf(void *ctx, const char *fmt, va_list args)
{
	struct text *t = ctx;
	va_list again;
	int n;

	if (t->err)
		return;
	va_copy(again, args);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0) {
		t->err = -LINUX_ENOMEM;
		return;
	}
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2;
		char *buf = realloc(t->buf, cap);

		if (!buf) {
			t->err = -LINUX_ENOMEM;
			return;
		}
		t->buf = buf;
		t->cap = cap;
	}
	vsnprintf(t->buf + t->len, n + 1, fmt, args);
	t->len += n;
}

/* Every type of btf, ids 1 upward, as C declarations (btf_dump__dump_type, which emits
 * each type's dependencies first and every type once): what `bpftool btf dump ...
 * format c` prints between its header and footer. On success *out is a malloc'd,
 * NUL-terminated text of *len bytes (the caller frees it); else -errno (Linux). */
int lbw_btf_dump_c(const struct btf *btf, char **out, unsigned *len)
{
	struct text t = { 0 };
	struct btf_dump *d;
	unsigned i, cnt;

	*out = NULL;
	*len = 0;
	d = btf_dump__new(btf, text_printf, &t, NULL);
	if (!d)
		return lbw_errno() ? -lbw_errno() : -LINUX_ENOMEM;
	cnt = btf__type_cnt(btf);
	for (i = 1; i < cnt && !t.err; i++) {
		int err = btf_dump__dump_type(d, i);

		if (err)
			t.err = err;
	}
	btf_dump__free(d);
	if (t.err) {
		free(t.buf);
		return t.err;
	}
	if (!t.buf) {
		t.buf = calloc(1, 1);
		if (!t.buf)
			return -LINUX_ENOMEM;
	}
	*out = t.buf;
	*len = t.len;
	return 0;
}
