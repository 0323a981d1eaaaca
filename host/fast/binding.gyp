{
  "targets": [
    {
      "target_name": "map_fast",
      "sources": ["map_fast.cc"],
      "cflags_cc": ["-Wall", "-Wextra", "-Wno-unused-parameter"],
      "ldflags": ["-Wl,-z,now"]
    }
  ]
}
