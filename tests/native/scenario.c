// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * scenario FILE.scn BPFFS TMP OBJ
 *
 * Runs a differential scenario (docs/differential.md) with the native libbpf 1.1.2 and
 * writes its record as JSON lines: {"step": ...} after each step, {"log": ...} for each
 * line libbpf prints, {"end": ...} last. Every line is flushed at once, so when native
 * libbpf crashes the harness still has everything up to the step that crashed.
 *
 * This is the oracle for src/diff/run-module.ts: each step records exactly what that
 * runner records, including its quirks (see the comments at each step). A scenario
 * error (bad syntax, unknown map, bad hex) exits 2, as the module runner throws.
 */
#define _GNU_SOURCE /* asprintf, vasprintf */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "json.h"

#define MAX_SLOTS 8
#define MAX_ARGS 5 /* the most any step takes */

struct step {
	int line;
	char *op;
	int slot;
	int nargs;
	char *args[MAX_ARGS];
	/* open's key=value options: the last occurrence wins, as in the JS parser */
	const char *pin_root, *object_name, *kconfig, *btf_custom_path, *log_level;
};

static const struct { const char *op; int min, max; } ops[] = {
	{ "open", 1, 1 }, { "load", 0, 0 }, { "close", 0, 0 },
	{ "pin_maps", 0, 1 }, { "unpin_maps", 0, 1 },
	{ "pin_programs", 1, 1 }, { "unpin_programs", 1, 1 },
	{ "set_pin_path", 2, 2 }, { "pin_map", 1, 2 }, { "unpin_map", 1, 2 },
	{ "set_max_entries", 2, 2 }, { "set_autoload", 2, 2 },
	{ "update", 3, 4 }, { "lookup", 2, 3 }, { "delete", 2, 2 }, { "next_key", 1, 2 },
	{ "map_info", 1, 1 }, { "attach", 1, 5 }, { "attach_struct_ops", 1, 1 },
	{ "set_initial_value", 2, 2 }, { "initial_value", 1, 1 },
	{ "update_batch", 3, 4 }, { "delete_batch", 2, 3 }, { "lookup_batch", 2, 2 },
};

static const char *scn_file, *bpffs, *tmpdir, *objdir;
static struct bpf_object *slots[MAX_SLOTS];
/* The slot's last open failed: its steps are recorded as skipped (a failing open is a
 * result like any other, so `diff` can compare objects that do not open). */
static bool open_failed[MAX_SLOTS];
/* Insertion order of the slots (as a JS Map keeps it): the runner closes leftovers in it. */
static unsigned long slot_seq[MAX_SLOTS], next_seq = 1;
static bool capture_log = true;

static void __attribute__((noreturn, format(printf, 2, 3))) fail(const struct step *st, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (st)
		fprintf(stderr, "%s:%d: ", scn_file, st->line);
	else
		fprintf(stderr, "%s: ", scn_file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* Each libbpf message without one trailing newline, split into lines, as the module's
 * logger does: {"log": "LEVEL: LINE"}. */
static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	const char *prefix = level == LIBBPF_WARN ? "warn: " :
			     level == LIBBPF_INFO ? "info: " : "debug: ";
	char *msg, *line, *nl;
	size_t len;

	if (!capture_log || vasprintf(&msg, fmt, args) < 0)
		return 0;
	len = strlen(msg);
	if (len && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	for (line = msg;; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		printf("{\"log\":\"%s", prefix);
		json_chars(line);
		puts("\"}");
		fflush(stdout);
		if (!nl)
			break;
	}
	free(msg);
	return 0;
}

/* ---- scenario text ---- */

/* $BPFFS, $TMP and $OBJ replaced everywhere in s (a new string). */
static char *substitute(const char *s)
{
	const struct { const char *var, *val; } vars[] = {
		{ "$BPFFS", bpffs }, { "$TMP", tmpdir }, { "$OBJ", objdir },
	};
	size_t cap = strlen(s) + 1, len = 0;
	char *out = malloc(cap);
	unsigned i;

	while (*s) {
		const char *val = NULL;
		size_t skip = 1, n;

		for (i = 0; i < 3 && !val; i++) {
			if (!strncmp(s, vars[i].var, strlen(vars[i].var))) {
				val = vars[i].val;
				skip = strlen(vars[i].var);
			}
		}
		n = val ? strlen(val) : 1;
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			out = realloc(out, cap);
		}
		memcpy(out + len, val ? val : s, n);
		len += n;
		s += skip;
	}
	out[len] = '\0';
	return out;
}

/* "-" or absent: NULL, else the substituted path (optPath in run-module.ts). */
static char *opt_path(const struct step *st, int i)
{
	if (i >= st->nargs || !strcmp(st->args[i], "-"))
		return NULL;
	return substitute(st->args[i]);
}

/* Hex bytes in memory order, "_" for none. Always returns a non-NULL buffer, because the
 * module passes a non-NULL pointer even for a 0-byte key (queue/stack maps), and the
 * kernel tells NULL from non-NULL there. */
static void *hex_bytes(const struct step *st, const char *hex, size_t *len)
{
	size_t n, i;
	unsigned char *buf;

	if (!strcmp(hex, "_"))
		hex = "";
	n = strlen(hex);
	if (n % 2)
		fail(st, "bad hex bytes '%s'", hex);
	buf = calloc(1, n / 2 + 1);
	for (i = 0; i < n / 2; i++) {
		if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1]))
			fail(st, "bad hex bytes '%s'", hex);
		sscanf(hex + 2 * i, "%2hhx", &buf[i]);
	}
	*len = n / 2;
	return buf;
}

static void print_hex(const void *p, size_t n)
{
	const unsigned char *b = p;

	putchar('"');
	while (n--)
		printf("%02x", *b++);
	putchar('"');
}

/* Decimal or 0x-hex unsigned number (what JS Number() accepts for these fields). */
static unsigned long long number(const struct step *st, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		v = strtoull(s + 2, &end, 16);
	else
		v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		fail(st, "bad number '%s'", s);
	return v;
}

static const char *const seps = " \t\r\v\f";

static int parse_line(char *text, int lineno, struct step *st)
{
	char *tok, *save = NULL, *slot_text, *end;
	unsigned j;
	long slot;
	int k;

	memset(st, 0, sizeof(*st));
	st->line = lineno;
	text += strspn(text, seps);
	if (!*text || *text == '#')
		return 0;
	st->op = strtok_r(text, seps, &save);
	for (j = 0; j < sizeof(ops) / sizeof(ops[0]) && strcmp(ops[j].op, st->op); j++)
		;
	if (j == sizeof(ops) / sizeof(ops[0]))
		fail(st, "unknown step '%s'", st->op);
	slot_text = strtok_r(NULL, seps, &save);
	slot = slot_text ? strtol(slot_text, &end, 10) : -1;
	if (!slot_text || *end || slot < 0 || slot >= MAX_SLOTS)
		fail(st, "slot must be 0..7");
	st->slot = slot;
	while ((tok = strtok_r(NULL, seps, &save))) {
		char *eq = strchr(tok, '=');

		/* open's options are the KEY=VALUE fields with KEY in [a-z_]+ */
		k = eq ? (int)strspn(tok, "abcdefghijklmnopqrstuvwxyz_") : -1;
		if (!strcmp(st->op, "open") && eq && k > 0 && tok + k == eq) {
			*eq = '\0';
			/* Unknown keys are ignored, as the module runner ignores them. */
			if (!strcmp(tok, "pin_root"))
				st->pin_root = eq + 1;
			else if (!strcmp(tok, "object_name"))
				st->object_name = eq + 1;
			else if (!strcmp(tok, "kconfig"))
				st->kconfig = eq + 1;
			else if (!strcmp(tok, "btf_custom_path"))
				st->btf_custom_path = eq + 1;
			else if (!strcmp(tok, "log_level"))
				st->log_level = eq + 1;
			continue;
		}
		if (st->nargs == ops[j].max)
			fail(st, "'%s' takes %d..%d arguments", st->op, ops[j].min, ops[j].max);
		st->args[st->nargs++] = tok;
	}
	if (st->nargs < ops[j].min)
		fail(st, "'%s' takes %d..%d arguments", st->op, ops[j].min, ops[j].max);
	return 1;
}

/* ---- records ---- */

static void begin_step(const char *op, int ret)
{
	printf("{\"step\":{\"op\":\"%s\",\"ret\":%d", op, ret);
}

static void end_step(void)
{
	puts("}}");
	fflush(stdout);
}

static void simple_step(const char *op, int ret)
{
	begin_step(op, ret);
	end_step();
}

static void print_map_info(const struct bpf_map_info *i)
{
	char name[BPF_OBJ_NAME_LEN + 1] = {};

	memcpy(name, i->name, BPF_OBJ_NAME_LEN);
	printf("{\"id\":%u,\"type\":%u,\"key_size\":%u,\"value_size\":%u,\"max_entries\":%u,"
	       "\"map_flags\":%u,\"name\":", i->id, i->type, i->key_size, i->value_size,
	       i->max_entries, i->map_flags);
	json_str(name);
	putchar('}');
}

static int map_info(const struct bpf_map *map, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	/* The module refuses before asking the kernel: ENOENT, "not loaded yet". */
	if (bpf_map__fd(map) < 0)
		return -ENOENT;
	return bpf_obj_get_info_by_fd(bpf_map__fd(map), info, &len);
}

/* What `open` reports: every map and program as libbpf sees them before load. */
static void print_opened(const struct bpf_object *obj)
{
	const struct bpf_map *map;
	const char *sep = "";

	fputs(",\"name\":", stdout);
	json_str(bpf_object__name(obj));
	fputs(",\"maps\":[", stdout);
	bpf_object__for_each_map(map, obj) {
		printf("%s{\"name\":", sep);
		json_str(bpf_map__name(map));
		printf(",\"type\":%d,\"key_size\":%u,\"value_size\":%u,\"max_entries\":%u,"
		       "\"map_flags\":%u,\"pin_path\":", bpf_map__type(map), bpf_map__key_size(map),
		       bpf_map__value_size(map), bpf_map__max_entries(map), bpf_map__map_flags(map));
		json_str(bpf_map__pin_path(map));
		printf(",\"fd\":%d}", bpf_map__fd(map));
		sep = ",";
	}
	fputs("],\"programs\":", stdout);
	json_program_attrs(obj);
}

/* What `load` reports, also after a failed load. */
static void print_loaded(const struct bpf_object *obj)
{
	const struct bpf_map *map;
	struct bpf_program *prog;
	struct bpf_map_info info;
	const char *sep = "";

	fputs(",\"maps\":[", stdout);
	bpf_object__for_each_map(map, obj) {
		bool valid = bpf_map__fd(map) >= 0;

		printf("%s{\"name\":", sep);
		json_str(bpf_map__name(map));
		printf(",\"fd_valid\":%s,\"pinned\":%s", valid ? "true" : "false",
		       bpf_map__is_pinned(map) ? "true" : "false");
		if (valid && map_info(map, &info) == 0) {
			fputs(",\"info\":", stdout);
			print_map_info(&info);
		}
		putchar('}');
		sep = ",";
	}
	fputs("],\"programs\":[", stdout);
	sep = "";
	bpf_object__for_each_program(prog, obj) {
		printf("%s{\"name\":", sep);
		json_str(bpf_program__name(prog));
		printf(",\"fd_valid\":%s}", bpf_program__fd(prog) >= 0 ? "true" : "false");
		sep = ",";
	}
	putchar(']');
}

/* ---- steps ---- */

/* By bpf_map__name, first match: bpf_object__find_map_by_name matches internal maps by
 * their section name instead, which is not what the module runner does. */
static struct bpf_map *find_map(const struct step *st, struct bpf_object *obj, int i)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj)
		if (!strcmp(bpf_map__name(map), st->args[i]))
			return map;
	fail(st, "no map '%s'", st->args[i]);
}

static struct bpf_program *find_prog(const struct step *st, struct bpf_object *obj, int i)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj)
		if (!strcmp(bpf_program__name(prog), st->args[i]))
			return prog;
	fail(st, "no program '%s'", st->args[i]);
}

/* The value size the module uses for lookups: per-CPU maps hold one 8-byte-aligned
 * value per possible CPU. */
static size_t value_bytes(const struct bpf_map *map)
{
	size_t size = bpf_map__value_size(map);

	switch (bpf_map__type(map)) {
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return (size + 7) / 8 * 8 * libbpf_num_possible_cpus();
	default:
		return size;
	}
}

static void step_open(const struct step *st)
{
	char *path = substitute(st->args[0]), *full = path;
	char *pin_root = st->pin_root ? substitute(st->pin_root) : NULL;
	char *btf_path = st->btf_custom_path ? substitute(st->btf_custom_path) : NULL;
	char *kconfig = NULL, *p;
	struct bpf_object *obj;
	int err;

	/* An argument without '/' names $OBJ/<name>.bpf.o. */
	if (!strchr(path, '/') && asprintf(&full, "%s/%s.bpf.o", objdir, path) < 0)
		exit(1);
	/* kconfig= writes newlines as a literal \n; object_name and kconfig are not
	 * substituted (run-module.ts substitutes only the path options). */
	if (st->kconfig) {
		kconfig = strdup(st->kconfig);
		for (p = kconfig; (p = strstr(p, "\\n")); p++) {
			*p = '\n';
			memmove(p + 1, p + 2, strlen(p + 2) + 1);
		}
	}
	LIBBPF_OPTS(bpf_object_open_opts, opts,
		.object_name = st->object_name,
		.pin_root_path = pin_root,
		.kconfig = kconfig,
		.btf_custom_path = btf_path,
		.kernel_log_level = st->log_level ? number(st, st->log_level) : 0,
	);
	obj = bpf_object__open_file(full, &opts);
	err = obj ? 0 : -errno;
	open_failed[st->slot] = !obj;
	if (obj) {
		/* The new object replaces the slot's old one, which is closed after the open. */
		if (slots[st->slot])
			bpf_object__close(slots[st->slot]);
		else
			slot_seq[st->slot] = next_seq++;
		slots[st->slot] = obj;
	}
	begin_step("open", err);
	if (obj)
		print_opened(obj);
	end_step();
	free(kconfig);
	free(btf_path);
	free(pin_root);
	if (full != path)
		free(full);
	free(path);
}

/* An empty key is NULL, as keyless maps (queue, stack) require and as the facade passes
 * it; for other maps libbpf rejects the size before it looks at the pointer. */
static const void *key_arg(const void *key, size_t klen)
{
	return klen == 0 ? NULL : key;
}

static void step_lookup(const struct step *st, struct bpf_object *obj)
{
	struct bpf_map *map = find_map(st, obj, 0);
	size_t klen, vlen = value_bytes(map);
	void *key = hex_bytes(st, st->args[1], &klen);
	void *value = calloc(1, vlen + 1);
	__u64 flags = st->nargs > 2 ? number(st, st->args[2]) : 0;
	int ret = bpf_map__lookup_elem(map, key_arg(key, klen), klen, value, vlen, flags);

	begin_step("lookup", ret);
	if (ret == 0) {
		fputs(",\"value\":", stdout);
		print_hex(value, vlen);
	}
	end_step();
	free(key);
	free(value);
}

static void step_next_key(const struct step *st, struct bpf_object *obj)
{
	struct bpf_map *map = find_map(st, obj, 0);
	size_t ksz = bpf_map__key_size(map), klen = ksz;
	void *key = st->nargs > 1 ? hex_bytes(st, st->args[1], &klen) : NULL;
	void *next = calloc(1, ksz + 1);
	/* A given key of the wrong size is passed as is: libbpf rejects it (EINVAL). */
	int ret = bpf_map__get_next_key(map, key, next, klen);

	begin_step("next_key", ret);
	if (ret == 0) {
		fputs(",\"key\":", stdout);
		print_hex(next, ksz);
	}
	end_step();
	free(key);
	free(next);
}

/* The module refuses batch calls on a map not created yet before asking the kernel
 * (ENOENT, "not loaded yet", no count); otherwise the kernel's count out is reported. */
static void step_write_batch(const struct step *st, struct bpf_object *obj)
{
	struct bpf_map *map = find_map(st, obj, 0);
	bool update = !strcmp(st->op, "update_batch");
	size_t klen, vlen = 0;
	void *keys = hex_bytes(st, st->args[1], &klen);
	void *values = update ? hex_bytes(st, st->args[2], &vlen) : NULL;
	int fi = update ? 3 : 2;
	LIBBPF_OPTS(bpf_map_batch_opts, opts,
		.elem_flags = st->nargs > fi ? number(st, st->args[fi]) : 0);
	__u32 count = klen / bpf_map__key_size(map);
	int fd = bpf_map__fd(map), ret;

	if (fd < 0)
		ret = -ENOENT;
	else if (update)
		ret = bpf_map_update_batch(fd, keys, values, &count, &opts);
	else
		ret = bpf_map_delete_batch(fd, keys, &count, &opts);
	begin_step(st->op, ret);
	if (fd >= 0)
		printf(",\"count\":%u", count);
	end_step();
	free(keys);
	free(values);
}

/* One lookup batch from the start: count in, then count out, keys and values. */
static void step_lookup_batch(const struct step *st, struct bpf_object *obj)
{
	struct bpf_map *map = find_map(st, obj, 0);
	size_t ksz = bpf_map__key_size(map), vsz = value_bytes(map);
	__u32 count = number(st, st->args[1]);
	void *keys = calloc(count + 1, ksz), *values = calloc(count + 1, vsz);
	char out_batch[64] = {};
	int fd = bpf_map__fd(map);
	int ret = fd < 0 ? -ENOENT : bpf_map_lookup_batch(fd, NULL, out_batch, keys, values, &count, NULL);

	begin_step(st->op, ret);
	if (fd >= 0) {
		printf(",\"count\":%u,\"key\":", count);
		print_hex(keys, count * ksz);
		fputs(",\"value\":", stdout);
		print_hex(values, count * vsz);
	}
	end_step();
	free(keys);
	free(values);
}

static void step_initial_value(const struct step *st, struct bpf_object *obj)
{
	size_t size = 0;
	const void *image = bpf_map__initial_value(find_map(st, obj, 0), &size);

	/* No image (not a global-data map): the module's undefined, recorded as -ENOENT. */
	begin_step(st->op, image ? 0 : -ENOENT);
	if (image) {
		fputs(",\"value\":", stdout);
		print_hex(image, size);
	}
	end_step();
}

/* attach SLOT PROG [KIND [A [B [C]]]]: one libbpf attach call; the link (if any) is
 * destroyed at once, so the record is its result and libbpf's log. KIND: auto
 * (bpf_program__attach), raw_tp NAME, tracepoint CAT NAME, kprobe FUNC, ksyscall NAME,
 * uprobe BINARY FUNC, usdt BINARY PROVIDER NAME, kprobe_multi PATTERN, trace, lsm, iter. */
static void step_attach(const struct step *st, struct bpf_object *obj)
{
	struct bpf_program *prog = find_prog(st, obj, 0);
	const char *kind = st->nargs > 1 ? st->args[1] : "auto";
	const char *a = st->nargs > 2 ? st->args[2] : NULL, *b = st->nargs > 3 ? st->args[3] : NULL;
	const char *c = st->nargs > 4 ? st->args[4] : NULL;
	struct bpf_link *link;
	char *bin = NULL;

	if (!strcmp(kind, "auto")) {
		link = bpf_program__attach(prog);
	} else if (!strcmp(kind, "raw_tp") && a) {
		link = bpf_program__attach_raw_tracepoint(prog, a);
	} else if (!strcmp(kind, "tracepoint") && b) {
		link = bpf_program__attach_tracepoint(prog, a, b);
	} else if (!strcmp(kind, "kprobe") && a) {
		link = bpf_program__attach_kprobe_opts(prog, a, NULL);
	} else if (!strcmp(kind, "ksyscall") && a) {
		link = bpf_program__attach_ksyscall(prog, a, NULL);
	} else if (!strcmp(kind, "uprobe") && b) {
		LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = b);
		bin = substitute(a);
		link = bpf_program__attach_uprobe_opts(prog, -1, bin, 0, &opts);
	} else if (!strcmp(kind, "usdt") && c) {
		bin = substitute(a);
		link = bpf_program__attach_usdt(prog, -1, bin, b, c, NULL);
	} else if (!strcmp(kind, "kprobe_multi") && a) {
		link = bpf_program__attach_kprobe_multi_opts(prog, a, NULL);
	} else if (!strcmp(kind, "trace")) {
		link = bpf_program__attach_trace(prog);
	} else if (!strcmp(kind, "lsm")) {
		link = bpf_program__attach_lsm(prog);
	} else if (!strcmp(kind, "iter")) {
		link = bpf_program__attach_iter(prog, NULL);
	} else {
		fail(st, "attach: unknown kind '%s' or missing arguments", kind);
	}
	simple_step("attach", link ? 0 : -errno);
	bpf_link__destroy(link);
	free(bin);
}

/* attach_struct_ops SLOT MAP: bpf_map__attach_struct_ops, the link destroyed at once. */
static void step_attach_struct_ops(const struct step *st, struct bpf_object *obj)
{
	struct bpf_link *link = bpf_map__attach_struct_ops(find_map(st, obj, 0));

	simple_step("attach_struct_ops", link ? 0 : -errno);
	bpf_link__destroy(link);
}

static void run_step(const struct step *st)
{
	struct bpf_object *obj;
	struct bpf_map_info info;
	const char *op = st->op;
	size_t klen, vlen;
	void *key, *value;
	char *path;
	int ret;

	if (!strcmp(op, "open")) {
		step_open(st);
		return;
	}
	obj = slots[st->slot];
	if (!obj && open_failed[st->slot]) {
		printf("{\"step\":{\"op\":\"%s\",\"skipped\":true}}\n", op);
		fflush(stdout);
		return;
	}
	if (!obj)
		fail(st, "slot %d has no open object", st->slot);

	if (!strcmp(op, "load")) {
		ret = bpf_object__load(obj);
		begin_step(op, ret);
		print_loaded(obj);
		end_step();
	} else if (!strcmp(op, "close")) {
		bpf_object__close(obj);
		slots[st->slot] = NULL;
		simple_step(op, 0);
	} else if (!strcmp(op, "pin_maps") || !strcmp(op, "unpin_maps")) {
		path = opt_path(st, 0);
		ret = op[0] == 'p' ? bpf_object__pin_maps(obj, path) : bpf_object__unpin_maps(obj, path);
		simple_step(op, ret);
		free(path);
	} else if (!strcmp(op, "pin_programs") || !strcmp(op, "unpin_programs")) {
		/* A required path: "-" is not NULL here, as in the module runner. */
		path = substitute(st->args[0]);
		ret = op[0] == 'p' ? bpf_object__pin_programs(obj, path) : bpf_object__unpin_programs(obj, path);
		simple_step(op, ret);
		free(path);
	} else if (!strcmp(op, "set_pin_path")) {
		struct bpf_map *map = find_map(st, obj, 0);

		path = opt_path(st, 1);
		simple_step(op, bpf_map__set_pin_path(map, path));
		free(path);
	} else if (!strcmp(op, "pin_map") || !strcmp(op, "unpin_map")) {
		struct bpf_map *map = find_map(st, obj, 0);

		path = opt_path(st, 1);
		ret = op[0] == 'p' ? bpf_map__pin(map, path) : bpf_map__unpin(map, path);
		simple_step(op, ret);
		free(path);
	} else if (!strcmp(op, "set_max_entries")) {
		struct bpf_map *map = find_map(st, obj, 0);
		unsigned long long n = number(st, st->args[1]);

		if (n > 0xffffffffULL)
			fail(st, "max_entries out of range");
		simple_step(op, bpf_map__set_max_entries(map, n));
	} else if (!strcmp(op, "set_autoload")) {
		struct bpf_program *prog = find_prog(st, obj, 0);

		simple_step(op, bpf_program__set_autoload(prog, !strcmp(st->args[1], "1")));
	} else if (!strcmp(op, "update")) {
		struct bpf_map *map = find_map(st, obj, 0);
		__u64 flags = st->nargs > 3 ? number(st, st->args[3]) : 0;

		key = hex_bytes(st, st->args[1], &klen);
		value = hex_bytes(st, st->args[2], &vlen);
		simple_step(op, bpf_map__update_elem(map, key_arg(key, klen), klen, value, vlen, flags));
		free(key);
		free(value);
	} else if (!strcmp(op, "lookup")) {
		step_lookup(st, obj);
	} else if (!strcmp(op, "delete")) {
		struct bpf_map *map = find_map(st, obj, 0);

		key = hex_bytes(st, st->args[1], &klen);
		simple_step(op, bpf_map__delete_elem(map, key_arg(key, klen), klen, 0));
		free(key);
	} else if (!strcmp(op, "next_key")) {
		step_next_key(st, obj);
	} else if (!strcmp(op, "set_initial_value")) {
		value = hex_bytes(st, st->args[1], &vlen);
		simple_step(op, bpf_map__set_initial_value(find_map(st, obj, 0), value, vlen));
		free(value);
	} else if (!strcmp(op, "initial_value")) {
		step_initial_value(st, obj);
	} else if (!strcmp(op, "update_batch") || !strcmp(op, "delete_batch")) {
		step_write_batch(st, obj);
	} else if (!strcmp(op, "lookup_batch")) {
		step_lookup_batch(st, obj);
	} else if (!strcmp(op, "attach")) {
		step_attach(st, obj);
	} else if (!strcmp(op, "attach_struct_ops")) {
		step_attach_struct_ops(st, obj);
	} else if (!strcmp(op, "map_info")) {
		ret = map_info(find_map(st, obj, 0), &info);
		begin_step(op, ret);
		if (ret == 0) {
			fputs(",\"info\":", stdout);
			print_map_info(&info);
		}
		end_step();
	}
}

/* ---- what the run leaves behind ---- */

struct pins { char **v; size_t n, cap; };

static void list_pins(const char *root, const char *rel, struct pins *out)
{
	char *dir, *path;
	struct dirent *e;
	struct stat sb;
	DIR *d;

	if (asprintf(&dir, "%s%s%s", root, *rel ? "/" : "", rel) < 0 || !(d = opendir(dir)))
		exit(1);
	while ((e = readdir(d))) {
		bool is_dir;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		/* Not the kernel's preloaded iterators (maps.debug, progs.debug) at the root of
		 * the mount: listPins in src/diff/fs-state.ts skips "*.debug" there. */
		size_t len = strlen(e->d_name);
		if (!*rel && len >= 6 && !strcmp(e->d_name + len - 6, ".debug"))
			continue;
		if (asprintf(&path, "%s%s%s", rel, *rel ? "/" : "", e->d_name) < 0)
			exit(1);
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->v = realloc(out->v, out->cap * sizeof(*out->v));
		}
		out->v[out->n++] = path;
		/* Not following symlinks, like Dirent.isDirectory(). */
		is_dir = e->d_type == DT_DIR;
		if (e->d_type == DT_UNKNOWN) {
			char *full;

			if (asprintf(&full, "%s/%s", dir, e->d_name) < 0)
				exit(1);
			is_dir = !lstat(full, &sb) && S_ISDIR(sb.st_mode);
			free(full);
		}
		if (is_dir)
			list_pins(root, path, out);
	}
	closedir(d);
	free(dir);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		exit(1);
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2; /* . and .. */
}

int main(int argc, char **argv)
{
	struct step *steps = NULL;
	size_t nsteps = 0, cap = 0, i;
	struct pins pins = {};
	char *text = NULL, *line, *nl;
	size_t size = 0;
	int lineno = 0, fds_before, s, first;
	FILE *f;

	if (argc != 5) {
		fprintf(stderr, "usage: %s FILE.scn BPFFS TMP OBJ\n", argv[0]);
		return 2;
	}
	scn_file = argv[1], bpffs = argv[2], tmpdir = argv[3], objdir = argv[4];

	/* The whole file is checked before the first step runs, as the module's parser does. */
	f = fopen(scn_file, "r");
	if (!f || getdelim(&text, &size, '\0', f) < 0)
		fail(NULL, "cannot read: %s", strerror(errno));
	fclose(f);
	for (line = text; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		lineno++;
		if (nsteps == cap) {
			cap = cap ? cap * 2 : 32;
			steps = realloc(steps, cap * sizeof(*steps));
		}
		nsteps += parse_line(line, lineno, &steps[nsteps]);
	}

	libbpf_set_print(print_fn);
	fds_before = open_fds();
	for (i = 0; i < nsteps; i++)
		run_step(&steps[i]);

	/* The module runner stops recording libbpf's log after the last step; pins are listed
	 * before the objects still open are closed. */
	capture_log = false;
	list_pins(bpffs, "", &pins);
	qsort(pins.v, pins.n, sizeof(*pins.v), cmp_str);
	for (;;) {
		for (s = 0, first = -1; s < MAX_SLOTS; s++)
			if (slots[s] && (first < 0 || slot_seq[s] < slot_seq[first]))
				first = s;
		if (first < 0)
			break;
		bpf_object__close(slots[first]);
		slots[first] = NULL;
	}

	fputs("{\"end\":{\"pins\":[", stdout);
	for (i = 0; i < pins.n; i++) {
		fputs(i ? "," : "", stdout);
		json_str(pins.v[i]);
	}
	printf("],\"fds_left\":%d}}\n", open_fds() - fds_before);
	return fflush(stdout) ? 1 : 0;
}
