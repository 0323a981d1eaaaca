// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* JSON output for the native tools: one copy, linked into each of them. */
#include <stdio.h>
#include <bpf/libbpf.h>
#include "json.h"

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one (overlong forms,
 * surrogates and code points past U+10FFFF count as invalid, as in JSON parsers). */
static int utf8_len(const unsigned char *s)
{
	unsigned int cp;
	int n, i;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/* ELF names are arbitrary bytes: bytes that are not UTF-8 become U+FFFD so the output
 * is always valid JSON. */
void json_chars(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int n;

	while (*s) {
		if (*s == '"' || *s == '\\') {
			printf("\\%c", *s++);
		} else if (*s < 0x20) {
			switch (*s) {
			case '\n': fputs("\\n", stdout); break;
			case '\r': fputs("\\r", stdout); break;
			case '\t': fputs("\\t", stdout); break;
			case '\b': fputs("\\b", stdout); break;
			case '\f': fputs("\\f", stdout); break;
			default: printf("\\u%04x", *s);
			}
			s++;
		} else if (*s < 0x80) {
			putchar(*s++);
		} else if ((n = utf8_len(s))) {
			fwrite(s, 1, n, stdout);
			s += n;
		} else {
			fputs("\\ufffd", stdout);
			s++;
		}
	}
}

void json_str(const char *str)
{
	if (!str) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	json_chars(str);
	putchar('"');
}

void json_program_attrs(const struct bpf_object *obj)
{
	struct bpf_program *prog;
	const char *sep = "";

	putchar('[');
	bpf_object__for_each_program(prog, obj) {
		printf("%s{\"name\":", sep);
		json_str(bpf_program__name(prog));
		fputs(",\"section\":", stdout);
		json_str(bpf_program__section_name(prog));
		printf(",\"type\":%d,\"expected_attach_type\":%d,\"autoload\":%s}",
		       bpf_program__type(prog), bpf_program__expected_attach_type(prog),
		       bpf_program__autoload(prog) ? "true" : "false");
		sep = ",";
	}
	putchar(']');
}
