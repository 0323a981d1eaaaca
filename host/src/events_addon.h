// The event buffers' functions on the addon's exports (see events_addon.cc).
#pragma once
#include <napi.h>

void events_init(Napi::Env env, Napi::Object exports);
