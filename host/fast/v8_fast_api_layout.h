// The three V8 fast-API types this addon needs, declared by hand: Node ships no
// v8-fast-api-calls.h. Only what crosses into V8 is declared, from V8's own headers of
// the versions listed in kVerifiedV8 (map_fast.cc):
//  - CTypeInfo: {type, sequence type, flags} (11.3 .. 13.6), {type, flags} (14.6: the
//    sequence type is gone), and the numbers of the types used here in enum class Type
//    (kVoid, kBool, kUint8, kInt32, kUint32, kInt64, kUint64, kFloat32, kFloat64,
//    kPointer, kV8Value, ...: kInt32 3, kUint32 4, kV8Value 10 in all four). Checked
//    against the CTypeInfo arrays of Node's own fast functions in each binary
//    (host/fast/probe-layout.cjs prints them);
//  - CFunctionInfo and CFunction: constructed only by V8's exported constructors, so
//    their fields are written by V8 itself; a constructor whose signature changed is an
//    unresolved symbol and the addon fails to load (it is linked with -z now), which the
//    facade treats as "no fast path".
// Any other V8 version compiles without a fast path (LBW_FAST_LAYOUT 0).
#pragma once
#include <v8.h>
#include <v8-version.h>

#include <cstdint>

#if V8_MAJOR_VERSION == 11 && V8_MINOR_VERSION == 3
#define LBW_FAST_LAYOUT 1  // CFunctionInfo(return, count, args); 3-byte CTypeInfo
#elif (V8_MAJOR_VERSION == 12 && V8_MINOR_VERSION == 4) || (V8_MAJOR_VERSION == 13 && V8_MINOR_VERSION == 6)
#define LBW_FAST_LAYOUT 2  // CFunctionInfo(return, count, args, Int64Representation); 3-byte CTypeInfo
#elif V8_MAJOR_VERSION == 14 && V8_MINOR_VERSION == 6
#define LBW_FAST_LAYOUT 3  // as 2, with a 2-byte CTypeInfo
#else
#define LBW_FAST_LAYOUT 0
#endif

#if LBW_FAST_LAYOUT
namespace v8 {

class CTypeInfo {
 public:
  enum class Type : uint8_t { kVoid = 0, kInt32 = 3, kUint32 = 4, kV8Value = 10 };
#if LBW_FAST_LAYOUT < 3
  constexpr explicit CTypeInfo(Type type) : type_(type), sequence_type_(0), flags_(0) {}
#else
  constexpr explicit CTypeInfo(Type type) : type_(type), flags_(0) {}
#endif

 private:
  Type type_;
#if LBW_FAST_LAYOUT < 3
  uint8_t sequence_type_;  // kScalar
#endif
  uint8_t flags_;  // kNone
};
static_assert(sizeof(CTypeInfo) == (LBW_FAST_LAYOUT < 3 ? 3 : 2), "V8's CTypeInfo size");

class V8_EXPORT CFunctionInfo {
 public:
  enum class Int64Representation : uint8_t { kNumber = 0, kBigInt = 1 };
#if LBW_FAST_LAYOUT == 1
  CFunctionInfo(const CTypeInfo &return_info, unsigned int arg_count, const CTypeInfo *arg_info);
#else
  CFunctionInfo(const CTypeInfo &return_info, unsigned int arg_count, const CTypeInfo *arg_info,
                Int64Representation repr);
#endif

 private:
  // Written by V8's constructor; the same size and alignment in every listed version.
  const CTypeInfo return_info_;
  const Int64Representation repr_;
  const unsigned int arg_count_;
  const CTypeInfo *arg_info_;
};

class V8_EXPORT CFunction {
 public:
  CFunction(const void *address, const CFunctionInfo *type_info);

 private:
  const void *address_;
  const CFunctionInfo *type_info_;
};

}  // namespace v8
#endif
