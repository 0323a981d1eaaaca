// N-API glue for the event buffers (ring buffers, perf buffers, user ring buffers) and the
// fd watch that delivers them on the event loop. Readers are External handles: close()
// releases them at once, and the finalizer releases one the caller forgot. Results are
// numbers (>= 0, or -errno); only a wrong JS argument throws (TypeError).
#include "events_addon.h"

#include <errno.h>

#include <cstdint>

#include "fd_watch.h"
#include "perf_buffer.h"
#include "ringbuf.h"
#include "user_ringbuf.h"

namespace {

using Napi::CallbackInfo;
using Napi::Value;

template <typename R, void (*Close)(R *)>
struct Handle {
  R reader;
  bool open = false;
  static void finalize(Napi::Env, Handle *h) {
    if (h->open) Close(&h->reader);
    delete h;
  }
};
using RingHandle = Handle<RingbufReader, ringbuf_close>;
using PerfHandle = Handle<PerfBufferReader, perf_buffer_close>;
using UserRingHandle = Handle<UserRingbufWriter, user_ringbuf_close>;

struct WatchHandle {
  FdWatch *w = nullptr;
  static void finalize(Napi::Env, WatchHandle *h) {
    if (h->w) fd_watch_stop(h->w);
    delete h;
  }
};

bool type_error(const CallbackInfo &info, const char *msg) {
  Napi::TypeError::New(info.Env(), msg).ThrowAsJavaScriptException();
  return false;
}

bool int_arg(const CallbackInfo &info, size_t i, int64_t *v) {
  if (!info[i].IsNumber()) return type_error(info, "expected a number");
  *v = info[i].As<Napi::Number>().Int64Value();
  return true;
}

// The handle in argument 0, or nullptr (TypeError thrown, or EBADF when closed).
template <typename H>
H *handle_arg(const CallbackInfo &info) {
  if (!info[0].IsExternal()) {
    type_error(info, "expected an event buffer handle");
    return nullptr;
  }
  return info[0].As<Napi::External<H>>().Data();
}

// An ArrayBuffer argument: base and length.
bool buffer_arg(const CallbackInfo &info, size_t i, uint8_t **data, size_t *len) {
  if (!info[i].IsArrayBuffer()) return type_error(info, "expected an ArrayBuffer");
  auto ab = info[i].As<Napi::ArrayBuffer>();
  *data = static_cast<uint8_t *>(ab.Data());
  *len = ab.ByteLength();
  return true;
}

Value num(const CallbackInfo &info, double v) { return Napi::Number::New(info.Env(), v); }

// A fill's arguments: (handle, out ArrayBuffer, meta ArrayBuffer (u32 words), fresh).
template <typename H, typename Fill>
Value fill(const CallbackInfo &info, Fill fill_batch) {
  H *h = handle_arg<H>(info);
  uint8_t *out, *meta;
  size_t cap, meta_bytes;
  if (!h || !buffer_arg(info, 1, &out, &cap) || !buffer_arg(info, 2, &meta, &meta_bytes)) return info.Env().Undefined();
  if (reinterpret_cast<uintptr_t>(meta) % 4) return num(info, -EINVAL);
  if (!h->open) return num(info, -EBADF);
  bool fresh = info[3].ToBoolean();
  return num(info, static_cast<double>(fill_batch(h, out, cap, reinterpret_cast<uint32_t *>(meta), meta_bytes / 4, fresh)));
}

template <typename H, typename Open>
Value open_handle(const CallbackInfo &info, Open open) {
  auto *h = new H();
  int r = open(&h->reader);
  if (r < 0) {
    delete h;
    return num(info, r);
  }
  h->open = true;
  return Napi::External<H>::New(info.Env(), h, H::finalize);
}

template <typename H, void (*Close)(decltype(H::reader) *)>
Value close_handle(const CallbackInfo &info) {
  H *h = handle_arg<H>(info);
  if (h && h->open) {
    Close(&h->reader);
    h->open = false;
  }
  return info.Env().Undefined();
}

// ---- ring buffer ----

Value RingbufOpen(const CallbackInfo &info) {
  int64_t fd;
  if (!int_arg(info, 0, &fd)) return info.Env().Undefined();
  return open_handle<RingHandle>(info, [&](RingbufReader *r) { return ringbuf_open(static_cast<int>(fd), r); });
}

// ringbufFill(h, out, meta, fresh): a batch (event_batch.h) of the ring's records; the
// entries, or -(bytes needed), or -errno.
Value RingbufFill(const CallbackInfo &info) {
  return fill<RingHandle>(info, [](RingHandle *h, uint8_t *out, size_t cap, uint32_t *meta, size_t words, bool fresh) {
    return ringbuf_fill(&h->reader, out, cap, meta, words, fresh);
  });
}

// ringbufCommit(h, delivered): releases the last fill's first `delivered` entries.
Value RingbufCommit(const CallbackInfo &info) {
  RingHandle *h = handle_arg<RingHandle>(info);
  int64_t delivered;
  if (!h || !int_arg(info, 1, &delivered)) return info.Env().Undefined();
  if (!h->open) return num(info, -EBADF);
  return num(info, ringbuf_commit(&h->reader, delivered));
}

Value RingbufInfo(const CallbackInfo &info) {
  RingHandle *h = handle_arg<RingHandle>(info);
  if (!h) return info.Env().Undefined();
  auto o = Napi::Object::New(info.Env());
  o.Set("fd", h->open ? h->reader.fd : -1);
  o.Set("size", static_cast<double>(h->open ? h->reader.mask + 1 : 0));
  return o;
}

// ---- perf buffer ----

Value PerfBufferOpen(const CallbackInfo &info) {
  int64_t fd, pages;
  if (!int_arg(info, 0, &fd) || !int_arg(info, 1, &pages)) return info.Env().Undefined();
  if (pages <= 0 || pages > (1 << 20)) return num(info, -EINVAL);
  return open_handle<PerfHandle>(info, [&](PerfBufferReader *pb) {
    return perf_buffer_open(static_cast<int>(fd), static_cast<size_t>(pages), pb);
  });
}

// perfBufferFill(h, out, meta, fresh): as ringbufFill, over every CPU's ring.
Value PerfBufferFill(const CallbackInfo &info) {
  return fill<PerfHandle>(info, [](PerfHandle *h, uint8_t *out, size_t cap, uint32_t *meta, size_t words, bool fresh) {
    return perf_buffer_fill(&h->reader, out, cap, meta, words, fresh);
  });
}

// perfBufferCommit(h, delivered): releases the last fill's first `delivered` entries.
Value PerfBufferCommit(const CallbackInfo &info) {
  PerfHandle *h = handle_arg<PerfHandle>(info);
  int64_t delivered;
  if (!h || !int_arg(info, 1, &delivered)) return info.Env().Undefined();
  if (!h->open) return num(info, -EBADF);
  return num(info, perf_buffer_commit(&h->reader, delivered));
}

// [{cpu, fd}] of the open per-CPU rings.
Value PerfBufferCpus(const CallbackInfo &info) {
  PerfHandle *h = handle_arg<PerfHandle>(info);
  if (!h) return info.Env().Undefined();
  auto arr = Napi::Array::New(info.Env());
  if (!h->open) return arr;
  uint32_t n = 0;
  for (const PerfCpuBuffer &c : h->reader.cpus) {
    auto o = Napi::Object::New(info.Env());
    o.Set("cpu", c.cpu);
    o.Set("fd", c.fd);
    arr.Set(n++, o);
  }
  return arr;
}

// ---- user ring buffer ----

Value UserRingbufOpen(const CallbackInfo &info) {
  int64_t fd;
  if (!int_arg(info, 0, &fd)) return info.Env().Undefined();
  return open_handle<UserRingHandle>(info, [&](UserRingbufWriter *w) { return user_ringbuf_open(static_cast<int>(fd), w); });
}

// userRingbufReserve(h, size): the sample's offset in the data area (>= 0) or -errno.
Value UserRingbufReserve(const CallbackInfo &info) {
  UserRingHandle *h = handle_arg<UserRingHandle>(info);
  int64_t size;
  if (!h || !int_arg(info, 1, &size)) return info.Env().Undefined();
  if (!h->open) return num(info, -EBADF);
  if (size < 0 || size > 0xffffffffLL) return num(info, -E2BIG);
  return num(info, static_cast<double>(user_ringbuf_reserve(&h->reader, static_cast<uint32_t>(size))));
}

// userRingbufCommit(h, offset, bytes: Uint8Array | null, discard): copies bytes into the
// reserved sample (at most its size) and submits or discards it. 0 or -errno.
Value UserRingbufCommit(const CallbackInfo &info) {
  UserRingHandle *h = handle_arg<UserRingHandle>(info);
  int64_t off;
  if (!h || !int_arg(info, 1, &off)) return info.Env().Undefined();
  const uint8_t *data = nullptr;
  size_t len = 0;
  if (info[2].IsTypedArray()) {
    auto ta = info[2].As<Napi::Uint8Array>();
    data = ta.Data();
    len = ta.ByteLength();
  } else if (!info[2].IsNull()) {
    type_error(info, "expected a Uint8Array or null");
    return info.Env().Undefined();
  }
  if (!h->open) return num(info, -EBADF);
  return num(info, user_ringbuf_commit(&h->reader, off, data, len, info[3].ToBoolean()));
}

// ---- fd watch ----

Value WatchFd(const CallbackInfo &info) {
  int64_t fd;
  if (!int_arg(info, 0, &fd)) return info.Env().Undefined();
  if (!info[1].IsFunction()) {
    type_error(info, "expected a function");
    return info.Env().Undefined();
  }
  FdWatch *w = fd_watch_start(info.Env(), static_cast<int>(fd), info[1].As<Napi::Function>());
  if (!w) return info.Env().Undefined();
  auto *h = new WatchHandle();
  h->w = w;
  return Napi::External<WatchHandle>::New(info.Env(), h, WatchHandle::finalize);
}

Value Unwatch(const CallbackInfo &info) {
  WatchHandle *h = handle_arg<WatchHandle>(info);
  if (h && h->w) {
    fd_watch_stop(h->w);
    h->w = nullptr;
  }
  return info.Env().Undefined();
}

}  // namespace

void events_init(Napi::Env env, Napi::Object exports) {
  auto fn = [&](const char *name, Napi::Function::Callback cb) {
    exports.Set(name, Napi::Function::New(env, cb, name));
  };
  fn("ringbufOpen", RingbufOpen);
  fn("ringbufFill", RingbufFill);
  fn("ringbufCommit", RingbufCommit);
  fn("ringbufInfo", RingbufInfo);
  fn("ringbufClose", close_handle<RingHandle, ringbuf_close>);
  fn("perfBufferOpen", PerfBufferOpen);
  fn("perfBufferFill", PerfBufferFill);
  fn("perfBufferCommit", PerfBufferCommit);
  fn("perfBufferCpus", PerfBufferCpus);
  fn("perfBufferClose", close_handle<PerfHandle, perf_buffer_close>);
  fn("userRingbufOpen", UserRingbufOpen);
  fn("userRingbufReserve", UserRingbufReserve);
  fn("userRingbufCommit", UserRingbufCommit);
  fn("userRingbufClose", close_handle<UserRingHandle, user_ringbuf_close>);
  fn("watchFd", WatchFd);
  fn("unwatch", Unwatch);
}
