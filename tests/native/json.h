/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* JSON output helpers shared by the native tools (linked into each by build-native.sh). */
#ifndef NATIVE_JSON_H
#define NATIVE_JSON_H

/* Writes str to stdout as a JSON string literal ("null" for NULL). */
void json_str(const char *str);
/* Writes str escaped for use inside a JSON string, without the quotes. */
void json_chars(const char *str);

struct bpf_object;
/* Writes the object's programs as the JSON array both tools report (name, section, type,
 * expected_attach_type, autoload), in libbpf's order. */
void json_program_attrs(const struct bpf_object *obj);

#endif
