// V8 fast-API entry to the host addon's direct map path (host/src/map_direct.h). A call
// from optimised JS lands in FastElem as a plain C call with integer arguments; the slow
// callback (interpreter, baseline code) does the same through the V8 API. Both reach the
// main addon's lbw_map_direct_call, found with dlsym on the already-loaded main addon,
// so there is one implementation, one map-info cache and one set of bounce buffers.
//
// This addon uses V8's C++ API, so it is built per Node ABI (scripts/build-fast-addon.sh)
// and offers `elem` only on the V8 versions whose fast-API layout v8_fast_api_layout.h
// declares and tests/node-lines-maps.test.mjs verifies. Everywhere else the facade uses
// the main addon's Node-API mapDirect.
#include <dlfcn.h>
#include <node.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "v8_fast_api_layout.h"

namespace {

using DirectCall = int64_t (*)(uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz, uint32_t flags);
constexpr int32_t kDeclined = 1;  // map_direct.h's kDirectDeclined

// Process-wide: the main addon's entry (the same for every environment).
std::atomic<DirectCall> direct_call{nullptr};
// Fast calls made on this thread (each environment runs on its own thread): the tests'
// proof that optimised code took the fast path.
thread_local double fast_calls = 0;

int32_t Call(uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz, uint32_t flags) {
  DirectCall f = direct_call.load(std::memory_order_acquire);
  return f ? static_cast<int32_t>(f(op, fd, ksz, vsz, flags)) : kDeclined;
}

#if LBW_FAST_LAYOUT
int32_t FastElem(v8::Local<v8::Object> receiver, uint32_t op, int32_t fd, uint32_t ksz, uint32_t vsz,
                 uint32_t flags) {
  fast_calls += 1;
  return Call(op, fd, ksz, vsz, flags);
}

const v8::CFunction *FastElemFunction() {
  using T = v8::CTypeInfo::Type;
  static const v8::CTypeInfo ret(T::kInt32);
  static const v8::CTypeInfo args[] = {
      v8::CTypeInfo(T::kV8Value), v8::CTypeInfo(T::kUint32), v8::CTypeInfo(T::kInt32),
      v8::CTypeInfo(T::kUint32), v8::CTypeInfo(T::kUint32), v8::CTypeInfo(T::kUint32)};
  // Built once, kept for the process's life (V8 keeps pointers to both).
#if LBW_FAST_LAYOUT == 1
  static const v8::CFunctionInfo *info = new v8::CFunctionInfo(ret, 6, args);
#else
  static const v8::CFunctionInfo *info =
      new v8::CFunctionInfo(ret, 6, args, v8::CFunctionInfo::Int64Representation::kNumber);
#endif
  static const v8::CFunction *fn = new v8::CFunction(reinterpret_cast<const void *>(&FastElem), info);
  return fn;
}

// The running V8 is the one the layout was declared for (an ABI names a V8 major.minor,
// but say so here rather than trust a file name).
bool RuntimeMatchesLayout() {
  char want[32];
  std::snprintf(want, sizeof want, "%d.%d.", V8_MAJOR_VERSION, V8_MINOR_VERSION);
  return std::strncmp(v8::V8::GetVersion(), want, std::strlen(want)) == 0;
}
#endif

void SlowElem(const v8::FunctionCallbackInfo<v8::Value> &info) {
  v8::Local<v8::Context> ctx = info.GetIsolate()->GetCurrentContext();
  uint32_t u[5] = {};
  for (int i = 0; i < 5; i++) u[i] = info[i]->Uint32Value(ctx).FromMaybe(0);
  info.GetReturnValue().Set(Call(u[0], static_cast<int32_t>(u[1]), u[2], u[3], u[4]));
}

void FastCalls(const v8::FunctionCallbackInfo<v8::Value> &info) {
  info.GetReturnValue().Set(fast_calls);
}

// bind(path of the loaded main addon): finds its lbw_map_direct_call. RTLD_NOLOAD: only
// the copy Node already loaded (a second copy would have its own cache and buffers).
void Bind(const v8::FunctionCallbackInfo<v8::Value> &info) {
  v8::Isolate *isolate = info.GetIsolate();
  v8::String::Utf8Value path(isolate, info[0]);
  bool ok = false;
  if (*path) {
    void *h = dlopen(*path, RTLD_NOW | RTLD_NOLOAD);
    if (h) {
      void *sym = dlsym(h, "lbw_map_direct_call");
      if (sym) {
        direct_call.store(reinterpret_cast<DirectCall>(sym), std::memory_order_release);
        ok = true;
      }
      dlclose(h);  // drops only the reference RTLD_NOLOAD took; Node keeps its own
    }
  }
  info.GetReturnValue().Set(ok);
}

void Set(v8::Isolate *isolate, v8::Local<v8::Context> ctx, v8::Local<v8::Object> exports,
         const char *name, v8::Local<v8::Value> value) {
  exports->Set(ctx, v8::String::NewFromUtf8(isolate, name).ToLocalChecked(), value).Check();
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  v8::Isolate *isolate = v8::Isolate::GetCurrent();  // Context::GetIsolate is gone in V8 14
  auto fn = [&](v8::FunctionCallback cb, const v8::CFunction *c) {
    return v8::FunctionTemplate::New(isolate, cb, v8::Local<v8::Value>(), v8::Local<v8::Signature>(), 0,
                                     v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasSideEffect, c)
        ->GetFunction(context)
        .ToLocalChecked();
  };
  Set(isolate, context, exports, "v8Version", v8::String::NewFromUtf8(isolate, v8::V8::GetVersion()).ToLocalChecked());
  Set(isolate, context, exports, "bind", fn(Bind, nullptr));
  Set(isolate, context, exports, "fastCalls", fn(FastCalls, nullptr));
#if LBW_FAST_LAYOUT
  const bool fast = RuntimeMatchesLayout();
  Set(isolate, context, exports, "layout", v8::Integer::New(isolate, fast ? LBW_FAST_LAYOUT : 0));
  Set(isolate, context, exports, "elem", fn(SlowElem, fast ? FastElemFunction() : nullptr));
#else
  Set(isolate, context, exports, "layout", v8::Integer::New(isolate, 0));
  Set(isolate, context, exports, "elem", fn(SlowElem, nullptr));
#endif
}
