// SPDX-License-Identifier: GPL-2.0
/* pinned_hash with BPF_F_NO_PREALLOC: reuse of pin_by_name's pin must fail (EINVAL). */
#define PINNED_FLAGS BPF_F_NO_PREALLOC
#include "pinned_hash.h"
