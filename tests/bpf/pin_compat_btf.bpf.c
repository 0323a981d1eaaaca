// SPDX-License-Identifier: GPL-2.0
/* pinned_hash with struct key/value types of the same sizes: only the BTF differs, and
 * libbpf deliberately ignores BTF type ids when checking reuse (v4 of the auto-pinning
 * series), so loading this after pin_by_name must REUSE its pinned map. */
struct pinned_key { unsigned int id; };
struct pinned_value { unsigned long long packets; };
#define PINNED_KEY struct pinned_key
#define PINNED_VALUE struct pinned_value
#include "pinned_hash.h"
