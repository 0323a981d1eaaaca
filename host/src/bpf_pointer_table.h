// The bpf() pointer table: for every command of the vendored bpf.h, which attr bytes
// the command owns and which of them are pointers, with the rule giving each pointer's
// length. bpf_call.cc interprets it; nothing else knows a raw offset.
#pragma once
#include <cstddef>
#include <cstdint>

enum class Len : uint8_t {
  CString,        // NUL-terminated string; the NUL must be inside memory
  Field,          // u32 field a, times k (k = 1 for byte counts)
  FieldTimesRec,  // u32 field a * max(u32 field b, k): count * record size
  MapKey,         // the map's key_size (map fd at the command's map_fd)
  MapValue,       // the map's value size as the kernel copies it (per-CPU adjusted)
  MapBatchToken,  // max(key_size, 4): htab/array tokens are a u32, others a key
  MapKeys,        // u32 field a (count) * key_size
  MapValues,      // u32 field a (count) * value size
  FdArray,        // 4 * (highest fd_array index the insns reference + 1)
  DataOut,        // u32 field a; 0 means "no limit" to the kernel, so the rest of memory
  Info,           // u32 field a (info_len); the struct is chosen by the fd's kind
  StrPtrArray32,  // u32 field a entries of wasm32 char*; widened to native pointers
  U32Array32,     // u32 field a entries of wasm32 unsigned long; widened to u64
};

struct LenRule {
  Len kind;
  uint16_t a = 0;             // offset of the first length field (same struct)
  uint16_t b = 0;             // offset of the second length field
  uint32_t k = 1;             // constant factor / minimum record size
  const char *a_name = nullptr;
  const char *b_name = nullptr;
  const char *text = nullptr; // the rule for humans (pointerTable(), README)
};

// A pointer that only exists for one value of a u32 selector field (union members).
struct When {
  const char *field = nullptr;  // nullptr: always
  uint16_t off = 0;
  uint32_t value = 0;
};

struct PtrField {
  const char *field;
  uint16_t off;
  LenRule len;
  When when;
};

struct CmdSpec {
  uint32_t cmd;
  const char *name;
  const char *last_field;  // the command's last attr field in this bpf.h
  uint16_t last_off;
  uint16_t end;            // offsetofend(last_field): bytes past it must be zero
  int32_t map_fd_off;      // where the map fd lives, -1 if no map-derived length
  const PtrField *ptrs;
  uint8_t nptrs;
  bool returns_fd;
  // A selector that must be below a bound (LINK_CREATE's attach_type): values newer
  // than this header may select union members with pointers the table cannot know.
  When below;
};

// A struct reached through OBJ_GET_INFO_BY_FD, picked by the fd's anon inode name.
struct InfoSpec {
  const char *kind;        // readlink("/proc/self/fd/N") after "anon_inode:"
  const char *struct_name;
  uint32_t size;           // sizeof in this bpf.h: the kernel never sees more
  const PtrField *ptrs;
  uint8_t nptrs;
  // bpf_link_info: the union's meaning depends on the link type, which newer kernels
  // extend with pointer members this header does not know. The type is read first
  // (a pointer-free query) and every union byte that is not a declared pointer/length
  // of that type is zeroed before the real call.
  int32_t union_off;       // -1: none
  uint16_t type_off;
};

const CmdSpec *bpf_cmd_spec(uint32_t cmd);
const CmdSpec *bpf_cmd_specs(size_t *count);
const InfoSpec *bpf_info_spec(const char *kind);
const InfoSpec *bpf_info_specs(size_t *count);
