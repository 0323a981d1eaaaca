// SPDX-License-Identifier: GPL-2.0
/* pinned_hash as an LRU hash: reuse of pin_by_name's pin must fail (EINVAL). */
#define PINNED_TYPE BPF_MAP_TYPE_LRU_HASH
#include "pinned_hash.h"
