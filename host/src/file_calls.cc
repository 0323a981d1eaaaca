#include "file_calls.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <vector>

#include "map_info_cache.h"

namespace {

constexpr uint32_t kStatSize = 16 * 8;
constexpr uint32_t kStatfsSize = 10 * 8;
constexpr uint32_t kUtsField = 65;
constexpr uint32_t kUtsSize = 6 * kUtsField;
constexpr uint32_t kRlimitSize = 2 * 8;

// Module NULL (offset 0) is a bad address for every path and struct here.
bool path_ok(const ModuleMemory &m, uint32_t off) { return off != 0 && m.has_cstring(off); }
bool range_ok(const ModuleMemory &m, uint32_t off, uint32_t n) {
  return off != 0 && m.contains(off, n);
}
const char *path_at(const ModuleMemory &m, uint32_t off) {
  return reinterpret_cast<const char *>(m.at(off));
}

int64_t res(long r) { return r < 0 ? -errno : r; }

// A new fd number may have belonged to a map whose close the cache did not see.
int64_t new_fd(long r) {
  if (r < 0) return -errno;
  map_info_forget(static_cast<int>(r));
  return r;
}

void put_u64s(const ModuleMemory &m, uint32_t out, const uint64_t *v, size_t n) {
  std::memcpy(m.at(out), v, n * 8);  // the ABI is little-endian, as is every host we build for
}

void put_stat(const ModuleMemory &m, uint32_t out, const struct stat &st) {
  const uint64_t v[16] = {
      uint64_t(st.st_dev),          uint64_t(st.st_ino),           uint64_t(st.st_mode),
      uint64_t(st.st_nlink),        uint64_t(st.st_uid),           uint64_t(st.st_gid),
      uint64_t(st.st_rdev),         uint64_t(st.st_size),          uint64_t(st.st_blksize),
      uint64_t(st.st_blocks),       uint64_t(st.st_atim.tv_sec),   uint64_t(st.st_atim.tv_nsec),
      uint64_t(st.st_mtim.tv_sec),  uint64_t(st.st_mtim.tv_nsec),  uint64_t(st.st_ctim.tv_sec),
      uint64_t(st.st_ctim.tv_nsec),
  };
  put_u64s(m, out, v, 16);
}

// fcntl commands whose third argument is an integer. The others take a pointer, which a
// module integer must never become.
bool fcntl_int_arg(int cmd) {
  switch (cmd) {
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD: case F_GETFL:
    case F_SETFL: case F_GETOWN: case F_SETOWN: case F_GETSIG: case F_SETSIG:
    case F_SETLEASE: case F_GETLEASE: case F_NOTIFY: case F_SETPIPE_SZ:
    case F_GETPIPE_SZ: case F_ADD_SEALS: case F_GET_SEALS:
      return true;
    default:
      return false;
  }
}

}  // namespace

int64_t host_openat(const ModuleMemory &m, int dirfd, uint32_t path, int flags, uint32_t mode) {
  if (!path_ok(m, path)) return -EFAULT;
  return new_fd(openat(dirfd, path_at(m, path), flags, mode));
}

int64_t host_close(int fd) {
  long r = close(fd);
  int err = errno;
  map_info_forget(fd);  // after the close: the entry must not outlive the number's owner
  return r < 0 ? -err : 0;
}

int64_t host_dup3(int oldfd, int newfd, int flags) {
  long r = dup3(oldfd, newfd, flags);
  if (r < 0) return -errno;
  map_info_forget(newfd);
  return r;
}

int64_t host_fcntl(int fd, int cmd, int arg) {
  if (!fcntl_int_arg(cmd)) return -EINVAL;
  long r = fcntl(fd, cmd, arg);
  if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) return new_fd(r);
  return res(r);
}

int64_t host_iov(const ModuleMemory &m, VecOp op, int fd, uint32_t iov, int32_t iovcnt,
                 int64_t offset) {
  if (iovcnt < 0 || iovcnt > IOV_MAX) return -EINVAL;
  if (iovcnt && !range_ok(m, iov, uint32_t(iovcnt) * 8)) return -EFAULT;
  std::vector<struct iovec> v(iovcnt);
  for (int32_t i = 0; i < iovcnt; i++) {
    uint32_t e[2];  // wasm32 struct iovec: base, len
    std::memcpy(e, m.at(iov + uint64_t(i) * 8), 8);
    if (e[1] == 0) {
      v[i] = {nullptr, 0};
      continue;
    }
    if (!range_ok(m, e[0], e[1])) return -EFAULT;
    v[i] = {m.at(e[0]), e[1]};
  }
  switch (op) {
    case VecOp::Read: return res(readv(fd, v.data(), iovcnt));
    case VecOp::Write: return res(writev(fd, v.data(), iovcnt));
    case VecOp::PRead: return res(preadv(fd, v.data(), iovcnt, offset));
  }
  return -EINVAL;
}

int64_t host_lseek(int fd, int64_t offset, int whence) { return res(lseek(fd, offset, whence)); }

int64_t host_fstat(const ModuleMemory &m, int fd, uint32_t out) {
  if (!range_ok(m, out, kStatSize)) return -EFAULT;
  struct stat st;
  if (fstat(fd, &st) < 0) return -errno;
  put_stat(m, out, st);
  return 0;
}

int64_t host_fstatat(const ModuleMemory &m, int dirfd, uint32_t path, uint32_t out, int flags) {
  if (!path_ok(m, path) || !range_ok(m, out, kStatSize)) return -EFAULT;
  struct stat st;
  if (fstatat(dirfd, path_at(m, path), &st, flags) < 0) return -errno;
  put_stat(m, out, st);
  return 0;
}

int64_t host_statfs(const ModuleMemory &m, uint32_t path, uint32_t out) {
  if (!path_ok(m, path) || !range_ok(m, out, kStatfsSize)) return -EFAULT;
  struct statfs s;
  if (statfs(path_at(m, path), &s) < 0) return -errno;
  const uint64_t v[10] = {
      uint64_t(s.f_type),  uint64_t(s.f_bsize), uint64_t(s.f_blocks), uint64_t(s.f_bfree),
      uint64_t(s.f_bavail), uint64_t(s.f_files), uint64_t(s.f_ffree), uint64_t(s.f_namelen),
      uint64_t(s.f_frsize), uint64_t(s.f_flags),
  };
  put_u64s(m, out, v, 10);
  return 0;
}

int64_t host_mkdirat(const ModuleMemory &m, int dirfd, uint32_t path, uint32_t mode) {
  if (!path_ok(m, path)) return -EFAULT;
  return res(mkdirat(dirfd, path_at(m, path), mode));
}

int64_t host_unlinkat(const ModuleMemory &m, int dirfd, uint32_t path, int flags) {
  if (!path_ok(m, path)) return -EFAULT;
  return res(unlinkat(dirfd, path_at(m, path), flags));
}

int64_t host_faccessat(const ModuleMemory &m, int dirfd, uint32_t path, int mode, int flags) {
  if (!path_ok(m, path)) return -EFAULT;
  return res(faccessat(dirfd, path_at(m, path), mode, flags));
}

int64_t host_uname(const ModuleMemory &m, uint32_t out) {
  if (!range_ok(m, out, kUtsSize)) return -EFAULT;
  struct utsname u;
  if (uname(&u) < 0) return -errno;
  static_assert(sizeof(u.sysname) == kUtsField && sizeof(u.domainname) == kUtsField,
                "struct utsname fields are 65 bytes on Linux");
  const char *f[6] = {u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname};
  for (int i = 0; i < 6; i++) std::memcpy(m.at(out + i * kUtsField), f[i], kUtsField);
  return 0;
}

int64_t host_getrlimit(const ModuleMemory &m, int resource, uint32_t out) {
  if (!range_ok(m, out, kRlimitSize)) return -EFAULT;
  struct rlimit64 r;
  if (prlimit64(0, static_cast<__rlimit_resource>(resource), nullptr, &r) < 0) return -errno;
  const uint64_t v[2] = {r.rlim_cur, r.rlim_max};
  put_u64s(m, out, v, 2);
  return 0;
}

int64_t host_setrlimit(const ModuleMemory &m, int resource, uint32_t in) {
  if (!range_ok(m, in, kRlimitSize)) return -EFAULT;
  uint64_t v[2];
  std::memcpy(v, m.at(in), sizeof v);
  struct rlimit64 r = {v[0], v[1]};
  return res(prlimit64(0, static_cast<__rlimit_resource>(resource), &r, nullptr));
}
