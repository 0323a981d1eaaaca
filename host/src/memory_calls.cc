#include "memory_calls.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

int64_t host_discard_pages(const ModuleMemory &m, uint32_t off, uint32_t len) {
  if (!m.contains(off, len)) return -EFAULT;
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  // Inward to whole pages: bytes of the range's first and last pages may belong to live data.
  uintptr_t start = (reinterpret_cast<uintptr_t>(m.at(off)) + page - 1) & ~(page - 1);
  uintptr_t end = reinterpret_cast<uintptr_t>(m.at(off)) + len;
  end &= ~(page - 1);
  if (end <= start) return 0;
  if (madvise(reinterpret_cast<void *>(start), end - start, MADV_DONTNEED) < 0) return -errno;
  return static_cast<int64_t>(end - start);
}
