// N-API glue: argument checking and conversion only. Syscall failures come back as
// -errno numbers; only a wrong JS argument type throws (TypeError).
// The addon is loaded once per process and initialised once per environment (the main
// thread and every worker). What belongs to one environment lives in its instance data;
// what is process-wide (the map-info cache, keyed by fd) takes a lock. The only other
// mutable statics in host/src are per thread: the direct path's current environment and
// the map-info cache's last answer (map_direct.cc, map_info_cache.cc).
#include <napi.h>
#include <unistd.h>

#include <cstdint>

#include "bpf_call.h"
#include "bpf_pointer_table.h"
#include "events_addon.h"
#include "file_calls.h"
#include "map_direct.h"
#include "memory_calls.h"
#include "module_memory.h"
#include "net_calls.h"
#include "path_calls.h"
#include "perf_calls.h"

namespace {

using Napi::CallbackInfo;
using Napi::Value;

class Args {
 public:
  explicit Args(const CallbackInfo &info) : info_(info) {}

  // The memory's buffer changes identity when memory grows: read it on every call.
  // A SharedArrayBuffer is refused: another thread could rewrite what was checked.
  bool mem(size_t i, ModuleMemory *m) {
    if (!info_[i].IsArrayBuffer()) return fail(i, "an ArrayBuffer (the module's memory)");
    auto ab = info_[i].As<Napi::ArrayBuffer>();
    m->base = static_cast<uint8_t *>(ab.Data());
    m->len = ab.ByteLength();
    return true;
  }
  bool u32(size_t i, uint32_t *v) {
    if (!info_[i].IsNumber()) return fail(i, "a number");
    *v = info_[i].As<Napi::Number>().Uint32Value();
    return true;
  }
  bool i32(size_t i, int32_t *v) {
    if (!info_[i].IsNumber()) return fail(i, "a number");
    *v = info_[i].As<Napi::Number>().Int32Value();
    return true;
  }
  bool i64(size_t i, int64_t *v) {
    if (info_[i].IsBigInt()) {
      bool lossless;
      *v = info_[i].As<Napi::BigInt>().Int64Value(&lossless);
      return lossless ? true : fail(i, "a bigint in the int64 range");
    }
    if (info_[i].IsNumber()) {
      *v = info_[i].As<Napi::Number>().Int64Value();
      return true;
    }
    return fail(i, "a bigint or a number");
  }
  bool ok() const { return !failed_; }

 private:
  bool fail(size_t i, const char *what) {
    if (!failed_) {
      std::string msg = "argument " + std::to_string(i) + " must be " + what;
      Napi::TypeError::New(info_.Env(), msg).ThrowAsJavaScriptException();
    }
    failed_ = true;
    return false;
  }
  const CallbackInfo &info_;
  bool failed_ = false;
};

Value num(const CallbackInfo &info, int64_t v) {
  return Napi::Number::New(info.Env(), static_cast<double>(v));
}

// Per-environment state: an environment runs on one thread at a time, so this needs no
// lock; it is freed when the environment (e.g. a worker) is torn down.
struct EnvState {
  BounceBuffers bounce;
  DirectPath direct{bounce};  // map element ops outside the module (map_direct.h)
};

Value Bpf(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  uint32_t cmd = 0, attr = 0, size = 0;
  if (!a.mem(0, &m) || !a.u32(1, &cmd) || !a.u32(2, &attr) || !a.u32(3, &size))
    return info.Env().Undefined();
  EnvState *state = info.Env().GetInstanceData<EnvState>();
  return num(info, bpf_call(m, state->bounce, cmd, attr, size));
}

// The direct path's scratch area as an ArrayBuffer over the addon's own memory: the
// environment owns it (freed at teardown), so a detached or collected buffer frees nothing.
Value MapDirectScratch(const CallbackInfo &info) {
  DirectPath &d = info.Env().GetInstanceData<EnvState>()->direct;
  napi_value ab;
  if (!d.scratch() ||
      napi_create_external_arraybuffer(info.Env(), d.scratch(), DirectPath::kScratchBytes,
                                       [](napi_env, void *, void *) {}, nullptr, &ab) != napi_ok)
    return info.Env().Undefined();  // e.g. a V8 sandbox refusing external memory
  return Value(info.Env(), ab);
}

Value MapDirect(const CallbackInfo &info) {
  Args a(info);
  uint32_t op = 0, ksz = 0, vsz = 0, flags = 0;
  int32_t fd = 0;
  if (!a.u32(0, &op) || !a.i32(1, &fd) || !a.u32(2, &ksz) || !a.u32(3, &vsz) || !a.u32(4, &flags))
    return info.Env().Undefined();
  return num(info, info.Env().GetInstanceData<EnvState>()->direct.call(op, fd, ksz, vsz, flags));
}

Value Openat(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t dirfd = 0, flags = 0;
  uint32_t path = 0, mode = 0;
  if (!a.mem(0, &m) || !a.i32(1, &dirfd) || !a.u32(2, &path) || !a.i32(3, &flags) ||
      !a.u32(4, &mode))
    return info.Env().Undefined();
  return num(info, host_openat(m, dirfd, path, flags, mode));
}

Value Close(const CallbackInfo &info) {
  Args a(info);
  int32_t fd = 0;
  if (!a.i32(0, &fd)) return info.Env().Undefined();
  return num(info, host_close(fd));
}

Value Dup3(const CallbackInfo &info) {
  Args a(info);
  int32_t oldfd = 0, newfd = 0, flags = 0;
  if (!a.i32(0, &oldfd) || !a.i32(1, &newfd) || !a.i32(2, &flags)) return info.Env().Undefined();
  return num(info, host_dup3(oldfd, newfd, flags));
}

Value Fcntl(const CallbackInfo &info) {
  Args a(info);
  int32_t fd = 0, cmd = 0, arg = 0;
  if (!a.i32(0, &fd) || !a.i32(1, &cmd) || !a.i32(2, &arg)) return info.Env().Undefined();
  return num(info, host_fcntl(fd, cmd, arg));
}

Value Iov(const CallbackInfo &info, VecOp op) {
  Args a(info);
  ModuleMemory m;
  int32_t fd = 0, cnt = 0;
  uint32_t iov = 0;
  int64_t off = 0;
  if (!a.mem(0, &m) || !a.i32(1, &fd) || !a.u32(2, &iov) || !a.i32(3, &cnt) ||
      (op == VecOp::PRead && !a.i64(4, &off)))
    return info.Env().Undefined();
  return num(info, host_iov(m, op, fd, iov, cnt, off));
}
Value Readv(const CallbackInfo &info) { return Iov(info, VecOp::Read); }
Value Writev(const CallbackInfo &info) { return Iov(info, VecOp::Write); }
Value Preadv(const CallbackInfo &info) { return Iov(info, VecOp::PRead); }

Value Lseek(const CallbackInfo &info) {
  Args a(info);
  int32_t fd = 0, whence = 0;
  int64_t off = 0;
  if (!a.i32(0, &fd) || !a.i64(1, &off) || !a.i32(2, &whence)) return info.Env().Undefined();
  return Napi::BigInt::New(info.Env(), host_lseek(fd, off, whence));
}

Value Fstat(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t fd = 0;
  uint32_t out = 0;
  if (!a.mem(0, &m) || !a.i32(1, &fd) || !a.u32(2, &out)) return info.Env().Undefined();
  return num(info, host_fstat(m, fd, out));
}

Value Fstatat(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t dirfd = 0, flags = 0;
  uint32_t path = 0, out = 0;
  if (!a.mem(0, &m) || !a.i32(1, &dirfd) || !a.u32(2, &path) || !a.u32(3, &out) ||
      !a.i32(4, &flags))
    return info.Env().Undefined();
  return num(info, host_fstatat(m, dirfd, path, out, flags));
}

Value Statfs(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  uint32_t path = 0, out = 0;
  if (!a.mem(0, &m) || !a.u32(1, &path) || !a.u32(2, &out)) return info.Env().Undefined();
  return num(info, host_statfs(m, path, out));
}

Value Mkdirat(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t dirfd = 0;
  uint32_t path = 0, mode = 0;
  if (!a.mem(0, &m) || !a.i32(1, &dirfd) || !a.u32(2, &path) || !a.u32(3, &mode))
    return info.Env().Undefined();
  return num(info, host_mkdirat(m, dirfd, path, mode));
}

Value Unlinkat(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t dirfd = 0, flags = 0;
  uint32_t path = 0;
  if (!a.mem(0, &m) || !a.i32(1, &dirfd) || !a.u32(2, &path) || !a.i32(3, &flags))
    return info.Env().Undefined();
  return num(info, host_unlinkat(m, dirfd, path, flags));
}

Value Faccessat(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t dirfd = 0, mode = 0, flags = 0;
  uint32_t path = 0;
  if (!a.mem(0, &m) || !a.i32(1, &dirfd) || !a.u32(2, &path) || !a.i32(3, &mode) ||
      !a.i32(4, &flags))
    return info.Env().Undefined();
  return num(info, host_faccessat(m, dirfd, path, mode, flags));
}

Value Uname(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  uint32_t out = 0;
  if (!a.mem(0, &m) || !a.u32(1, &out)) return info.Env().Undefined();
  return num(info, host_uname(m, out));
}

Value Getpid(const CallbackInfo &info) { return num(info, getpid()); }
Value Geteuid(const CallbackInfo &info) { return num(info, geteuid()); }
Value PageSize(const CallbackInfo &info) { return num(info, sysconf(_SC_PAGESIZE)); }

Value Getrlimit(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t resource = 0;
  uint32_t out = 0;
  if (!a.mem(0, &m) || !a.i32(1, &resource) || !a.u32(2, &out)) return info.Env().Undefined();
  return num(info, host_getrlimit(m, resource, out));
}

Value Setrlimit(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t resource = 0;
  uint32_t in = 0;
  if (!a.mem(0, &m) || !a.i32(1, &resource) || !a.u32(2, &in)) return info.Env().Undefined();
  return num(info, host_setrlimit(m, resource, in));
}

Value DiscardPages(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  uint32_t off = 0, len = 0;
  if (!a.mem(0, &m) || !a.u32(1, &off) || !a.u32(2, &len)) return info.Env().Undefined();
  return num(info, host_discard_pages(m, off, len));
}

// ---- attach: perf events and netlink (perf_calls.cc, net_calls.cc) ----

Value PerfEventOpen(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  uint32_t attr = 0, flags = 0;
  int32_t pid = 0, cpu = 0, group = 0;
  if (!a.mem(0, &m) || !a.u32(1, &attr) || !a.i32(2, &pid) || !a.i32(3, &cpu) ||
      !a.i32(4, &group) || !a.u32(5, &flags))
    return info.Env().Undefined();
  return num(info, host_perf_event_open(m, attr, pid, cpu, group, flags));
}

Value Ioctl(const CallbackInfo &info) {
  Args a(info);
  int32_t fd = 0, arg = 0;
  uint32_t req = 0;
  if (!a.i32(0, &fd) || !a.u32(1, &req) || !a.i32(2, &arg)) return info.Env().Undefined();
  return num(info, host_ioctl(fd, req, arg));
}

Value IfNametoindex(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  uint32_t name = 0;
  if (!a.mem(0, &m) || !a.u32(1, &name)) return info.Env().Undefined();
  return num(info, host_if_nametoindex(m, name));
}

Value Socket(const CallbackInfo &info) {
  Args a(info);
  int32_t domain = 0, type = 0, protocol = 0;
  if (!a.i32(0, &domain) || !a.i32(1, &type) || !a.i32(2, &protocol)) return info.Env().Undefined();
  return num(info, host_socket(domain, type, protocol));
}

Value Bind(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t fd = 0;
  uint32_t addr = 0, len = 0;
  if (!a.mem(0, &m) || !a.i32(1, &fd) || !a.u32(2, &addr) || !a.u32(3, &len))
    return info.Env().Undefined();
  return num(info, host_bind(m, fd, addr, len));
}

Value Getsockname(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t fd = 0;
  uint32_t addr = 0, lenp = 0;
  if (!a.mem(0, &m) || !a.i32(1, &fd) || !a.u32(2, &addr) || !a.u32(3, &lenp))
    return info.Env().Undefined();
  return num(info, host_getsockname(m, fd, addr, lenp));
}

Value Setsockopt(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t fd = 0, level = 0, name = 0;
  uint32_t val = 0, len = 0;
  if (!a.mem(0, &m) || !a.i32(1, &fd) || !a.i32(2, &level) || !a.i32(3, &name) ||
      !a.u32(4, &val) || !a.u32(5, &len))
    return info.Env().Undefined();
  return num(info, host_setsockopt(m, fd, level, name, val, len));
}

Value Send(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t fd = 0, flags = 0;
  uint32_t buf = 0, len = 0;
  if (!a.mem(0, &m) || !a.i32(1, &fd) || !a.u32(2, &buf) || !a.u32(3, &len) || !a.i32(4, &flags))
    return info.Env().Undefined();
  return num(info, host_send(m, fd, buf, len, flags));
}

Value Recvmsg(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t fd = 0, flags = 0;
  uint32_t msg = 0;
  if (!a.mem(0, &m) || !a.i32(1, &fd) || !a.u32(2, &msg) || !a.i32(3, &flags))
    return info.Env().Undefined();
  return num(info, host_recvmsg(m, fd, msg, flags));
}

Value Getcwd(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  uint32_t buf = 0, size = 0;
  if (!a.mem(0, &m) || !a.u32(1, &buf) || !a.u32(2, &size)) return info.Env().Undefined();
  return num(info, host_getcwd(m, buf, size));
}

Value Readlinkat(const CallbackInfo &info) {
  Args a(info);
  ModuleMemory m;
  int32_t dirfd = 0;
  uint32_t path = 0, buf = 0, size = 0;
  if (!a.mem(0, &m) || !a.i32(1, &dirfd) || !a.u32(2, &path) || !a.u32(3, &buf) ||
      !a.u32(4, &size))
    return info.Env().Undefined();
  return num(info, host_readlinkat(m, dirfd, path, buf, size));
}

// ---- pointerTable(): the table as plain rows ----

Napi::Object FieldRef(Napi::Env env, const char *st, const char *field, uint32_t off) {
  auto o = Napi::Object::New(env);
  o.Set("struct", st);
  o.Set("field", field);
  o.Set("offset", off);
  return o;
}

Napi::Object PtrRow(Napi::Env env, const char *cmd, uint32_t cmd_value, const char *st,
                    const PtrField &p) {
  auto o = Napi::Object::New(env);
  o.Set("role", "pointer");
  o.Set("cmd", cmd);
  o.Set("cmdValue", cmd_value);
  o.Set("struct", st);
  o.Set("field", p.field);
  o.Set("offset", p.off);
  o.Set("length", p.len.text);
  auto lf = Napi::Array::New(env);
  uint32_t n = 0;
  if (p.len.a_name) lf.Set(n++, FieldRef(env, st, p.len.a_name, p.len.a));
  if (p.len.b_name) lf.Set(n++, FieldRef(env, st, p.len.b_name, p.len.b));
  o.Set("lengthFields", lf);
  if (p.when.field) {
    auto w = FieldRef(env, st, p.when.field, p.when.off);
    w.Set("value", p.when.value);
    o.Set("when", w);
  }
  return o;
}

Value PointerTable(const CallbackInfo &info) {
  Napi::Env env = info.Env();
  auto rows = Napi::Array::New(env);
  uint32_t n = 0;
  size_t ncmds, ninfos;
  const CmdSpec *cmds = bpf_cmd_specs(&ncmds);
  const InfoSpec *infos = bpf_info_specs(&ninfos);
  for (size_t i = 0; i < ncmds; i++) {
    const CmdSpec &c = cmds[i];
    auto last = Napi::Object::New(env);
    last.Set("role", "last-field");  // bytes from `end` on must be zero
    last.Set("cmd", c.name);
    last.Set("cmdValue", c.cmd);
    last.Set("struct", "bpf_attr");
    last.Set("field", c.last_field);
    last.Set("offset", c.last_off);
    last.Set("end", c.end);
    last.Set("returnsFd", c.returns_fd);
    if (c.below.field) {
      auto b = FieldRef(env, "bpf_attr", c.below.field, c.below.off);
      b.Set("below", c.below.value);
      last.Set("limit", b);
    }
    rows.Set(n++, last);
    for (uint8_t j = 0; j < c.nptrs; j++)
      rows.Set(n++, PtrRow(env, c.name, c.cmd, "bpf_attr", c.ptrs[j]));
  }
  for (size_t i = 0; i < ninfos; i++) {
    const InfoSpec &s = infos[i];
    auto st = Napi::Object::New(env);
    st.Set("role", "info-struct");
    st.Set("cmd", "BPF_OBJ_GET_INFO_BY_FD");
    st.Set("cmdValue", static_cast<uint32_t>(bpf_cmd_spec(15)->cmd));
    st.Set("struct", s.struct_name);
    st.Set("fdKind", s.kind);
    st.Set("size", s.size);
    if (s.union_off >= 0) {
      st.Set("unionOffset", s.union_off);
      st.Set("typeOffset", s.type_off);
    }
    rows.Set(n++, st);
    for (uint8_t j = 0; j < s.nptrs; j++) {
      auto r = PtrRow(env, "BPF_OBJ_GET_INFO_BY_FD", 15, s.struct_name, s.ptrs[j]);
      r.Set("fdKind", s.kind);
      rows.Set(n++, r);
    }
  }
  return rows;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new EnvState());  // deleted by node-addon-api at environment teardown
  exports.Set("bpf", Napi::Function::New(env, Bpf, "bpf"));
  exports.Set("openat", Napi::Function::New(env, Openat, "openat"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("dup3", Napi::Function::New(env, Dup3, "dup3"));
  exports.Set("fcntl", Napi::Function::New(env, Fcntl, "fcntl"));
  exports.Set("readv", Napi::Function::New(env, Readv, "readv"));
  exports.Set("writev", Napi::Function::New(env, Writev, "writev"));
  exports.Set("preadv", Napi::Function::New(env, Preadv, "preadv"));
  exports.Set("lseek", Napi::Function::New(env, Lseek, "lseek"));
  exports.Set("fstat", Napi::Function::New(env, Fstat, "fstat"));
  exports.Set("fstatat", Napi::Function::New(env, Fstatat, "fstatat"));
  exports.Set("statfs", Napi::Function::New(env, Statfs, "statfs"));
  exports.Set("mkdirat", Napi::Function::New(env, Mkdirat, "mkdirat"));
  exports.Set("unlinkat", Napi::Function::New(env, Unlinkat, "unlinkat"));
  exports.Set("faccessat", Napi::Function::New(env, Faccessat, "faccessat"));
  exports.Set("uname", Napi::Function::New(env, Uname, "uname"));
  exports.Set("getpid", Napi::Function::New(env, Getpid, "getpid"));
  exports.Set("geteuid", Napi::Function::New(env, Geteuid, "geteuid"));
  exports.Set("pageSize", Napi::Function::New(env, PageSize, "pageSize"));
  exports.Set("getrlimit", Napi::Function::New(env, Getrlimit, "getrlimit"));
  exports.Set("setrlimit", Napi::Function::New(env, Setrlimit, "setrlimit"));
  exports.Set("discardPages", Napi::Function::New(env, DiscardPages, "discardPages"));
  exports.Set("perfEventOpen", Napi::Function::New(env, PerfEventOpen, "perfEventOpen"));
  exports.Set("ioctl", Napi::Function::New(env, Ioctl, "ioctl"));
  exports.Set("ifNametoindex", Napi::Function::New(env, IfNametoindex, "ifNametoindex"));
  exports.Set("socket", Napi::Function::New(env, Socket, "socket"));
  exports.Set("bind", Napi::Function::New(env, Bind, "bind"));
  exports.Set("getsockname", Napi::Function::New(env, Getsockname, "getsockname"));
  exports.Set("setsockopt", Napi::Function::New(env, Setsockopt, "setsockopt"));
  exports.Set("send", Napi::Function::New(env, Send, "send"));
  exports.Set("recvmsg", Napi::Function::New(env, Recvmsg, "recvmsg"));
  exports.Set("getcwd", Napi::Function::New(env, Getcwd, "getcwd"));
  exports.Set("readlinkat", Napi::Function::New(env, Readlinkat, "readlinkat"));
  exports.Set("mapDirectScratch", Napi::Function::New(env, MapDirectScratch, "mapDirectScratch"));
  exports.Set("mapDirect", Napi::Function::New(env, MapDirect, "mapDirect"));
  exports.Set("pointerTable", Napi::Function::New(env, PointerTable, "pointerTable"));
  events_init(env, exports);  // the event buffers' data plane (events_addon.cc)
  return exports;
}

}  // namespace

NODE_API_MODULE(bpfhost, Init)
