// Watching an fd for readability on the calling thread's libuv loop (uv_poll), calling a
// JS function each time it is readable: how ring and perf buffers deliver on Node's event
// loop without ever blocking it (libbpf's epoll_wait would).
#pragma once
#include <napi.h>

struct FdWatch;

// Starts watching; cb(status) runs on the loop (status < 0: a libuv error for the fd).
// Returns nullptr (and throws) on failure.
FdWatch *fd_watch_start(Napi::Env env, int fd, Napi::Function cb);
// Stops the watch and drops the caller's ownership; safe inside its own callback. Call once.
void fd_watch_stop(FdWatch *w);
