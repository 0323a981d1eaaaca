// SPDX-License-Identifier: GPL-2.0
/* pinned_hash with 8-byte keys: reuse of pin_by_name's pin must fail (EINVAL). */
#define PINNED_KEY __u64
#include "pinned_hash.h"
