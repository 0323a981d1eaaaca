// SPDX-License-Identifier: GPL-2.0
/* pinned_hash with 4-byte values: reuse of pin_by_name's pin must fail (EINVAL). */
#define PINNED_VALUE __u32
#include "pinned_hash.h"
