// SPDX-License-Identifier: GPL-2.0
/* pinned_hash with 32 entries: reuse of pin_by_name's pin must fail (EINVAL). */
#define PINNED_MAX_ENTRIES 32
#include "pinned_hash.h"
