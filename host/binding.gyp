{
  "targets": [
    {
      "target_name": "bpfhost",
      "sources": [
        "src/addon.cc",
        "src/bpf_pointer_table.cc",
        "src/bpf_call.cc",
        "src/bpf_object_kind.cc",
        "src/map_info_cache.cc",
        "src/map_direct.cc",
        "src/file_calls.cc",
        "src/memory_calls.cc",
        "src/bounce_buffers.cc",
        "src/perf_calls.cc",
        "src/net_calls.cc",
        "src/path_calls.cc",
        "src/events_addon.cc",
        "src/event_maps.cc",
        "src/fd_watch.cc",
        "src/ring_mapping.cc",
        "src/ringbuf.cc",
        "src/perf_buffer.cc",
        "src/user_ringbuf.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "../vendor/libbpf/src/include/uapi"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++1y", "-std=gnu++17", "-fno-threadsafe-statics"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Wno-missing-field-initializers", "-Wno-unused-parameter", "-Wno-invalid-offsetof"]
    }
  ]
}
