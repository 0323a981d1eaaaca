// wasm32 iovec arrays ({u32 base; u32 len}[]) in module memory, checked and turned into
// native iovecs. Shared by the calls that take them (recvmsg; readv/writev use the same rule).
#pragma once
#include <errno.h>
#include <sys/uio.h>

#include <climits>
#include <cstring>
#include <vector>

#include "module_memory.h"

// 0, or -EINVAL (bad count) / -EFAULT (array or a buffer outside memory). Empty entries
// become NULL; offset 0 is never a valid buffer.
inline int translate_iov(const ModuleMemory &m, uint32_t iov, int32_t cnt,
                         std::vector<struct iovec> *out) {
  if (cnt < 0 || cnt > IOV_MAX) return -EINVAL;
  if (cnt && (iov == 0 || !m.contains(iov, uint64_t(cnt) * 8))) return -EFAULT;
  out->assign(cnt, {nullptr, 0});
  for (int32_t i = 0; i < cnt; i++) {
    uint32_t e[2];
    std::memcpy(e, m.at(iov + uint64_t(i) * 8), 8);
    if (e[1] == 0) continue;
    if (e[0] == 0 || !m.contains(e[0], e[1])) return -EFAULT;
    (*out)[i] = {m.at(e[0]), e[1]};
  }
  return 0;
}
