#include "path_calls.h"

#include <errno.h>
#include <unistd.h>

#include <cstring>

int64_t host_getcwd(const ModuleMemory &m, uint32_t buf, uint32_t size) {
  if (size == 0) return -EINVAL;
  if (buf == 0 || !m.contains(buf, size)) return -EFAULT;
  char *p = reinterpret_cast<char *>(m.at(buf));
  if (!getcwd(p, size)) return -errno;
  return int64_t(std::strlen(p) + 1);
}

int64_t host_readlinkat(const ModuleMemory &m, int dirfd, uint32_t path, uint32_t buf,
                        uint32_t size) {
  if (path == 0 || !m.has_cstring(path)) return -EFAULT;
  if (size == 0) return -EINVAL;
  if (buf == 0 || !m.contains(buf, size)) return -EFAULT;
  ssize_t r = readlinkat(dirfd, reinterpret_cast<const char *>(m.at(path)),
                         reinterpret_cast<char *>(m.at(buf)), size);
  return r < 0 ? -errno : r;
}
