#include "net_calls.h"

#include "module_iov.h"

#include <errno.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <cstring>
#include <vector>

namespace {

constexpr uint32_t kMsghdrSize = 7 * 4;  // wasm32 struct msghdr

bool range_ok(const ModuleMemory &m, uint32_t off, uint64_t n) {
  return off != 0 && m.contains(off, n);
}

int64_t res(long r) { return r < 0 ? -errno : r; }

bool plain_sockopt(int level, int name) {
  if (level == SOL_NETLINK) return true;  // every netlink option is an int or u32
  if (level != SOL_SOCKET) return false;
  switch (name) {
    case SO_RCVBUF: case SO_SNDBUF: case SO_RCVBUFFORCE: case SO_SNDBUFFORCE:
      return true;
    default:
      return false;
  }
}

}  // namespace

int64_t host_socket(int domain, int type, int protocol) {
  return res(socket(domain, type | SOCK_CLOEXEC, protocol));
}

int64_t host_bind(const ModuleMemory &m, int fd, uint32_t addr, uint32_t len) {
  if (len > sizeof(struct sockaddr_storage)) return -EINVAL;
  if (!range_ok(m, addr, len)) return -EFAULT;
  return res(bind(fd, reinterpret_cast<const struct sockaddr *>(m.at(addr)), len));
}

int64_t host_getsockname(const ModuleMemory &m, int fd, uint32_t addr, uint32_t lenp) {
  if (!range_ok(m, lenp, 4)) return -EFAULT;
  socklen_t room;
  std::memcpy(&room, m.at(lenp), 4);
  if (!range_ok(m, addr, room)) return -EFAULT;
  socklen_t len = room;
  long r = getsockname(fd, reinterpret_cast<struct sockaddr *>(m.at(addr)), &len);
  if (r < 0) return -errno;
  std::memcpy(m.at(lenp), &len, 4);
  return 0;
}

int64_t host_setsockopt(const ModuleMemory &m, int fd, int level, int name, uint32_t val,
                        uint32_t len) {
  if (!plain_sockopt(level, name)) return -EINVAL;
  if (len > 64) return -EINVAL;
  if (len && !range_ok(m, val, len)) return -EFAULT;
  return res(setsockopt(fd, level, name, len ? m.at(val) : nullptr, len));
}

int64_t host_send(const ModuleMemory &m, int fd, uint32_t buf, uint32_t len, int flags) {
  if (len && !range_ok(m, buf, len)) return -EFAULT;
  return res(send(fd, len ? m.at(buf) : nullptr, len, flags));
}

int64_t host_recvmsg(const ModuleMemory &m, int fd, uint32_t msg, int flags) {
  if (!range_ok(m, msg, kMsghdrSize)) return -EFAULT;
  uint32_t h[7];
  std::memcpy(h, m.at(msg), sizeof h);
  const uint32_t name = h[0], namelen = h[1], iov = h[2], control = h[4], controllen = h[5];
  const int32_t iovlen = int32_t(h[3]);
  if (control != 0 || controllen != 0) return -EINVAL;
  if (name != 0 && !m.contains(name, namelen)) return -EFAULT;
  std::vector<struct iovec> v;
  if (int e = translate_iov(m, iov, iovlen, &v)) return e;
  struct msghdr n;
  std::memset(&n, 0, sizeof n);
  n.msg_name = name ? m.at(name) : nullptr;
  n.msg_namelen = name ? namelen : 0;
  n.msg_iov = v.data();
  n.msg_iovlen = v.size();
  long r = recvmsg(fd, &n, flags | MSG_CMSG_CLOEXEC);
  if (r < 0) return -errno;
  h[1] = name ? n.msg_namelen : namelen;
  h[5] = 0;
  h[6] = uint32_t(n.msg_flags);
  std::memcpy(m.at(msg), h, sizeof h);
  return r;
}
