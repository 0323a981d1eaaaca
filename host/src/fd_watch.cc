#include "fd_watch.h"

#include <uv.h>

// Two owners: the uv handle (until its close callback) and the JS handle (until unwatch or
// its finalizer); freed when both are done.
struct FdWatch {
  uv_poll_t poll;
  napi_env env;
  Napi::FunctionReference cb;
  bool stopped = false;
  int owners = 2;
};

namespace {

void release(FdWatch *w) {
  if (--w->owners == 0) delete w;
}

void on_closed(uv_handle_t *h) { release(static_cast<FdWatch *>(h->data)); }

// Stops delivery and closes the handle, once. When a worker ends, its loop's teardown may
// have closed every handle already (without our callback): then the handle's memory stays
// allocated, as libuv may still touch it.
void stop_now(FdWatch *w) {
  if (w->stopped) return;
  w->stopped = true;
  w->cb.Reset();
  auto *h = reinterpret_cast<uv_handle_t *>(&w->poll);
  if (uv_is_closing(h)) return;
  uv_poll_stop(&w->poll);
  uv_close(h, on_closed);
}

// The thread's environment is going away (a worker ending): stop with it.
void on_env_cleanup(void *arg) { stop_now(static_cast<FdWatch *>(arg)); }

void on_readable(uv_poll_t *h, int status, int events) {
  auto *w = static_cast<FdWatch *>(h->data);
  if (w->stopped) return;
  Napi::Env env(w->env);
  Napi::HandleScope scope(env);
  napi_value global, result;
  napi_value arg = Napi::Number::New(env, status);
  napi_get_global(env, &global);
  // make_callback runs the microtasks afterwards, so promises resolved here settle now.
  napi_status s = napi_make_callback(env, nullptr, global, w->cb.Value(), 1, &arg, &result);
  if (s == napi_pending_exception) {
    // Nothing above us to throw to: the process's uncaughtException path, as for any
    // callback Node runs from its loop.
    napi_value err;
    napi_get_and_clear_last_exception(env, &err);
    napi_fatal_exception(env, err);
  }
}

}  // namespace

FdWatch *fd_watch_start(Napi::Env env, int fd, Napi::Function cb) {
  uv_loop_t *loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || !loop) {
    Napi::Error::New(env, "no event loop").ThrowAsJavaScriptException();
    return nullptr;
  }
  auto *w = new FdWatch();
  w->env = env;
  w->poll.data = w;
  int r = uv_poll_init(loop, &w->poll, fd);
  if (r < 0) {
    delete w;  // an initialised-but-failed poll handle needs no close
    Napi::Error::New(env, std::string("uv_poll_init: ") + uv_strerror(r)).ThrowAsJavaScriptException();
    return nullptr;
  }
  w->cb = Napi::Persistent(cb);
  r = uv_poll_start(&w->poll, UV_READABLE, on_readable);
  if (r < 0) {
    stop_now(w);
    release(w);  // no JS owner
    Napi::Error::New(env, std::string("uv_poll_start: ") + uv_strerror(r)).ThrowAsJavaScriptException();
    return nullptr;
  }
  napi_add_env_cleanup_hook(env, on_env_cleanup, w);
  return w;
}

void fd_watch_stop(FdWatch *w) {
  stop_now(w);
  napi_remove_env_cleanup_hook(w->env, on_env_cleanup, w);  // a no-op once it has run
  release(w);
}
