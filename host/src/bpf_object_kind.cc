#include "bpf_object_kind.h"

#include <errno.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

int bpf_object_kind(int fd, std::string *kind) {
  if (fd < 0) return -EBADF;
  char path[64];
  char buf[128];
  std::snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, buf, sizeof buf - 1);
  if (n < 0) return errno == ENOENT ? -EBADF : -errno;
  buf[n] = 0;
  static const char kPrefix[] = "anon_inode:";
  if (std::strncmp(buf, kPrefix, sizeof kPrefix - 1) != 0) return -EINVAL;
  kind->assign(buf + sizeof kPrefix - 1);
  // The kernel names a new link's file "bpf_link" (bpf_link_prime) but one opened from a
  // pin "bpf-link" (bpf_link_new_fd): both are links.
  if (*kind == "bpf-link") kind->assign("bpf_link");
  return 0;
}
