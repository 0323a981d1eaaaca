// Translate, call, restore. The kernel only ever sees a local copy of attr (and of a
// nested info struct) whose pointer fields were checked against the current memory;
// afterwards every byte the kernel changed is copied back and the pointer fields keep
// the module's offsets. Buffers sized from the map-info cache go through BounceBuffers.
#include "bpf_call.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "bpf_object_kind.h"
#include "bpf_pointer_table.h"
#include "map_info_cache.h"

namespace {

// Offsets of translated pointer fields. At most one per table row (nptrs is a uint8_t)
// plus the info struct: a fixed array, because bpf() runs for every map operation and a
// heap allocation per call showed up in profiles.
struct TranslatedOffsets {
  uint16_t off[256];
  uint16_t n = 0;
  void push_back(uint16_t o) { off[n++] = o; }
  const uint16_t *begin() const { return off; }
  const uint16_t *end() const { return off + n; }
};


constexpr uint32_t kMaxWidenedEntries = 1u << 20;  // the kernel's MAX_KPROBE_MULTI_CNT

uint32_t rd32(const uint8_t *s, uint16_t off) {
  uint32_t v;
  std::memcpy(&v, s + off, 4);
  return v;
}
uint64_t rd64(const uint8_t *s, uint16_t off) {
  uint64_t v;
  std::memcpy(&v, s + off, 8);
  return v;
}
void wr32(uint8_t *s, uint16_t off, uint32_t v) { std::memcpy(s + off, &v, 4); }
void wr64(uint8_t *s, uint16_t off, uint64_t v) { std::memcpy(s + off, &v, 8); }

bool applies(const When &w, const uint8_t *selector_src) {
  return w.field == nullptr || rd32(selector_src, w.off) == w.value;
}

bool mul(uint64_t a, uint64_t b, uint64_t *out) { return !__builtin_mul_overflow(a, b, out); }

// Lengths that come from the map-info cache rather than from the struct the kernel reads.
bool map_derived(Len k) {
  return k == Len::MapKey || k == Len::MapValue || k == Len::MapBatchToken ||
         k == Len::MapKeys || k == Len::MapValues;
}

// Whether pointer field f of a struct the kernel reads n bytes of must be translated:
// 1 yes, 0 no (NULL to the kernel), -EFAULT when n ends inside the field with a
// non-zero covered part. The kernel would read only the low bytes of the native address
// written there, i.e. some other address; natively such a pointer is just as broken.
// src is zero past n (both local copies are), as the kernel's own copy is.
int needs_translation(const PtrField &f, const uint8_t *src, uint32_t n) {
  if (rd64(src, f.off) == 0) return 0;  // NULL, or wholly past n: the kernel reads 0
  return f.off + 8u <= n ? 1 : -EFAULT;
}

// State of one call: the map behind map_fd (looked up once), widened arrays that must
// outlive the syscall, and what has to be undone in the local copy afterwards.
struct Call {
  Call(const ModuleMemory &m, BounceBuffers &b, const CmdSpec &s, const uint8_t *bef, uint8_t *loc)
      : mem(m), bounce(b), spec(s), before(bef), local(loc) {}
  Call(const Call &) = delete;
  ~Call() {
    if (pinned_fd < 0) return;
    close(pinned_fd);
    map_info_forget(pinned_fd);  // like host_close: no entry outlives the number's owner
  }

  const ModuleMemory &mem;
  BounceBuffers &bounce;
  const CmdSpec &spec;
  const uint8_t *before;
  uint8_t *local;
  int pinned_fd = -1;  // OBJ_GET_INFO_BY_FD: our own reference to the object asked about
  bool have_map = false;
  MapInfo map{};
  std::vector<std::vector<uint64_t>> widened;
  // u32 attr fields the host replaced. The module gets its own value back when the
  // kernel did not write the field: still the substitute, or (info_len, written only
  // on success) when the call failed.
  struct Substitute {
    uint16_t off;
    uint32_t value;
    bool kernel_writes_on_success_only;
  };
  std::vector<Substitute> substituted;
  // Module ranges handed to the kernel as bounce copies.
  struct Bounced {
    uint64_t off, len;
    uint8_t *copy;
  };
  Bounced bounced[BounceBuffers::kSlots];
  unsigned nbounced = 0;

  // [off, off+len) is checked; the kernel gets a copy that ends at a guard page.
  int bounce_in(uint64_t off, uint64_t len, uint64_t *native) {
    uint8_t *p = bounce.get(nbounced, len);
    if (!p) return -ENOMEM;
    if (len) std::memcpy(p, mem.at(off), len);
    bounced[nbounced++] = {off, len, p};
    *native = reinterpret_cast<uintptr_t>(p);
    return 0;
  }
  // Copies back the copies the kernel wrote to (all their checked bytes; a partial write
  // leaves the rest equal to the module's). Copies it only read are skipped: they may
  // alias an output (get_next_key(key, key)) that must win.
  void bounce_out() {
    bool written[BounceBuffers::kSlots];
    for (unsigned i = 0; i < nbounced; i++)
      written[i] = std::memcmp(bounced[i].copy, mem.at(bounced[i].off), bounced[i].len) != 0;
    for (unsigned i = 0; i < nbounced; i++)
      if (written[i]) std::memcpy(mem.at(bounced[i].off), bounced[i].copy, bounced[i].len);
    bounce.trim();
  }

  int map_info(const MapInfo **m) {
    if (!have_map) {
      int r = map_info_get(static_cast<int>(rd32(before, spec.map_fd_off)), &map);
      if (r < 0) return r;
      have_map = true;
    }
    *m = &map;
    return 0;
  }
};

// Highest fd_array slot the verifier may read, +1. fd_array has no count in attr; the
// kernel indexes it with map-by-index ld_imm64 imms and kfunc call offsets only.
int fd_array_length(const Call &c, const LenRule &r, uint64_t *len) {
  uint32_t cnt = rd32(c.before, r.a);
  uint64_t insns = rd64(c.before, r.b);
  if (insns == 0 || !c.mem.contains(insns, uint64_t(cnt) * 8)) {
    *len = 0;  // no readable insns: the kernel fails before reading fd_array
    return insns == 0 ? 0 : -EFAULT;
  }
  uint64_t need = 0;
  const uint8_t *p = c.mem.at(insns);
  for (uint32_t i = 0; i < cnt; i++, p += 8) {
    uint8_t code = p[0];
    uint8_t src = p[1] >> 4;
    int16_t off;
    int32_t imm;
    std::memcpy(&off, p + 2, 2);
    std::memcpy(&imm, p + 4, 4);
    uint64_t slot = 0;
    if (code == (BPF_LD | BPF_IMM | BPF_DW)) {
      if (src == BPF_PSEUDO_MAP_IDX || src == BPF_PSEUDO_MAP_IDX_VALUE)
        slot = uint64_t(uint32_t(imm)) + 1;
      else if (src == BPF_PSEUDO_BTF_ID && i + 1 < cnt) {
        int32_t imm2;  // a BTF fd; counted too so a kernel that indexes by it stays bounded
        std::memcpy(&imm2, p + 12, 4);
        slot = uint64_t(uint32_t(imm2)) + 1;
      }
    } else if (code == (BPF_JMP | BPF_CALL) && src == BPF_PSEUDO_KFUNC_CALL && off > 0) {
      slot = uint64_t(off) + 1;
    }
    if (slot > need) need = slot;
  }
  *len = need * r.k;
  return 0;
}

// Byte length of a pointer field under its rule; the rule's fields are read from src
// (the module's values, never the translated copy).
int rule_length(Call &c, const LenRule &r, const uint8_t *src, uint64_t off, uint64_t *len) {
  const MapInfo *m;
  int e;
  switch (r.kind) {
    case Len::Field:
      *len = uint64_t(rd32(src, r.a)) * r.k;
      return 0;
    case Len::FieldTimesRec: {
      uint64_t rec = rd32(src, r.b);
      if (rec < r.k) rec = r.k;
      *len = uint64_t(rd32(src, r.a)) * rec;
      return 0;
    }
    case Len::MapKey:
      if ((e = c.map_info(&m)) < 0) return e;
      *len = m->key_size;
      return 0;
    case Len::MapValue:
      if ((e = c.map_info(&m)) < 0) return e;
      *len = map_value_size(*m);
      return 0;
    case Len::MapBatchToken:
      if ((e = c.map_info(&m)) < 0) return e;
      *len = map_batch_token_size(*m);
      return 0;
    case Len::MapKeys:
      if ((e = c.map_info(&m)) < 0) return e;
      return mul(rd32(src, r.a), m->key_size, len) ? 0 : -EFAULT;
    case Len::MapValues:
      if ((e = c.map_info(&m)) < 0) return e;
      return mul(rd32(src, r.a), map_value_size(*m), len) ? 0 : -EFAULT;
    case Len::FdArray:
      return fd_array_length(c, r, len);
    case Len::DataOut: {
      uint32_t cap = rd32(src, r.a);
      if (cap == 0 && off <= c.mem.len) {
        // The kernel copies the whole output when the capacity is 0; give it the rest
        // of memory as the capacity so it answers ENOSPC instead of writing past it.
        uint64_t rest = c.mem.len - off;
        cap = rest > UINT32_MAX ? UINT32_MAX : uint32_t(rest);
        c.substituted.push_back({r.a, cap, false});
        wr32(c.local, r.a, cap);
      }
      *len = cap;
      return 0;
    }
    default:
      return -EINVAL;  // CString, Info and the widened arrays are handled by the caller
  }
}

// A wasm32 array of cnt 4-byte entries becomes a native u64 array. For char* entries,
// each string is checked and becomes a native pointer.
int widen(Call &c, const LenRule &r, const uint8_t *src, uint64_t off, uint64_t *native) {
  uint32_t cnt = rd32(src, r.a);
  if (cnt > kMaxWidenedEntries) return -E2BIG;
  if (!c.mem.contains(off, uint64_t(cnt) * 4)) return -EFAULT;
  std::vector<uint64_t> out(cnt);
  for (uint32_t i = 0; i < cnt; i++) {
    uint32_t v;
    std::memcpy(&v, c.mem.at(off + uint64_t(i) * 4), 4);
    if (r.kind == Len::StrPtrArray32 && v != 0) {
      if (!c.mem.has_cstring(v)) return -EFAULT;
      out[i] = c.mem.native(v);
    } else {
      out[i] = v;
    }
  }
  c.widened.push_back(std::move(out));
  *native = reinterpret_cast<uintptr_t>(c.widened.back().data());
  return 0;
}

// Checks one pointer field of src and writes its native address into dst; records the
// offset so only translated fields are restored (a union member the kernel writes may
// share the bytes of a pointer that did not apply).
int translate(Call &c, const PtrField &f, const uint8_t *src, uint8_t *dst,
              TranslatedOffsets *translated) {
  uint64_t off = rd64(src, f.off);
  if (off == 0) return 0;  // NULL stays NULL
  uint64_t native = 0;
  int e;
  switch (f.len.kind) {
    case Len::CString:
      if (!c.mem.has_cstring(off)) return -EFAULT;
      native = c.mem.native(off);
      break;
    case Len::StrPtrArray32:
    case Len::U32Array32:
      if ((e = widen(c, f.len, src, off, &native)) < 0) return e;
      break;
    default: {
      uint64_t len = 0;
      if ((e = rule_length(c, f.len, src, off, &len)) < 0) return e;
      if (!c.mem.contains(off, len)) return -EFAULT;
      if (!map_derived(f.len.kind))
        native = c.mem.native(off);
      else if ((e = c.bounce_in(off, len, &native)) < 0)
        return e;
    }
  }
  wr64(dst, f.off, native);
  if (translated) translated->push_back(f.off);
  return 0;
}

// The nested struct of OBJ_GET_INFO_BY_FD, translated in its own local copy.
struct NestedInfo {
  const InfoSpec *spec = nullptr;
  uint64_t off = 0;
  uint32_t n = 0;  // bytes shared with the module: min(info_len, sizeof in this bpf.h)
  alignas(8) uint8_t before[256];
  alignas(8) uint8_t local[256];
  alignas(8) uint8_t selector[256];  // where the `when` selectors are read from
  TranslatedOffsets translated;
};

int prepare_info(Call &c, const PtrField &f, NestedInfo &ni) {
  ni.off = rd64(c.before, f.off);
  uint32_t user_len = rd32(c.before, f.len.a);
  int fd = static_cast<int>(rd32(c.before, f.len.b));
  if (ni.off == 0) return 0;  // the kernel answers for a NULL info itself

  // Our own reference: the kind read from /proc and the kernel's answer must concern the
  // same object even if another thread closes or swaps the number in between (else a
  // struct translated as bpf_map_info could be read as bpf_prog_info, raw offsets and all).
  c.pinned_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (c.pinned_fd < 0) return -errno;
  map_info_forget(c.pinned_fd);  // a number handed out: whatever the cache said is stale
  fd = c.pinned_fd;
  wr32(c.local, f.len.b, static_cast<uint32_t>(fd));
  c.substituted.push_back({f.len.b, static_cast<uint32_t>(fd), false});

  std::string kind;
  int e = bpf_object_kind(fd, &kind);
  if (e < 0) return e;
  ni.spec = bpf_info_spec(kind.c_str());
  if (!ni.spec) return -EINVAL;  // not a BPF object the kernel has info for
  if (ni.spec->size > sizeof ni.before) return -EINVAL;
  if (!c.mem.contains(ni.off, user_len)) return -EFAULT;
  // Bytes past this header's struct are fields of newer kernels (some of them
  // pointers): like a kernel of this header's age, accept them only as zeros.
  for (uint64_t i = ni.spec->size; i < user_len; i++)
    if (*c.mem.at(ni.off + i)) return -E2BIG;
  ni.n = user_len < ni.spec->size ? user_len : ni.spec->size;

  std::memset(ni.before, 0, sizeof ni.before);
  std::memcpy(ni.before, c.mem.at(ni.off), ni.n);
  std::memcpy(ni.selector, ni.before, sizeof ni.before);

  if (ni.spec->union_off >= 0) {
    // Learn the type with a pointer-free query, then keep only that type's declared
    // pointer/length fields of the union.
    union bpf_attr q;
    std::memset(&q, 0, sizeof q);
    std::memset(ni.selector, 0, sizeof ni.selector);
    q.info.bpf_fd = static_cast<uint32_t>(fd);
    q.info.info_len = ni.spec->size;
    q.info.info = reinterpret_cast<uintptr_t>(ni.selector);
    if (syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &q, sizeof q.info) < 0) return -errno;
    bool keep[256] = {};
    for (uint8_t i = 0; i < ni.spec->nptrs; i++) {
      const PtrField &p = ni.spec->ptrs[i];
      if (!applies(p.when, ni.selector)) continue;
      for (int b = 0; b < 8; b++) keep[p.off + b] = true;
      for (int b = 0; b < 4; b++) keep[p.len.a + b] = true;
    }
    for (uint32_t i = ni.spec->union_off; i < ni.spec->size; i++)
      if (!keep[i]) ni.before[i] = 0;
  }

  std::memcpy(ni.local, ni.before, sizeof ni.local);
  for (uint8_t i = 0; i < ni.spec->nptrs; i++) {
    const PtrField &p = ni.spec->ptrs[i];
    if (!applies(p.when, ni.selector)) continue;
    if ((e = needs_translation(p, ni.before, ni.n)) <= 0) {
      if (e < 0) return e;
      continue;
    }
    if ((e = translate(c, p, ni.before, ni.local, &ni.translated)) < 0) return e;
  }
  wr64(c.local, f.off, reinterpret_cast<uintptr_t>(ni.local));
  if (ni.n != user_len) {
    wr32(c.local, f.len.a, ni.n);
    c.substituted.push_back({f.len.a, ni.n, true});
  }
  return 0;
}

void finish_info(const Call &c, NestedInfo &ni) {
  if (!ni.spec) return;
  for (uint16_t off : ni.translated) std::memcpy(ni.local + off, ni.before + off, 8);
  uint8_t *dst = c.mem.at(ni.off);
  for (uint32_t i = 0; i < ni.n; i++)
    if (ni.local[i] != ni.before[i]) dst[i] = ni.local[i];
}

}  // namespace

int64_t bpf_call(const ModuleMemory &mem, BounceBuffers &bounce, uint32_t cmd, uint32_t attr_off,
                 uint32_t size) {
  const CmdSpec *spec = bpf_cmd_spec(cmd);
  if (!spec) return -EINVAL;
  if (size && (attr_off == 0 || !mem.contains(attr_off, size))) return -EFAULT;

  constexpr uint32_t kAttr = sizeof(union bpf_attr);
  const uint32_t n = size < kAttr ? size : kAttr;
  alignas(8) uint8_t before[kAttr] = {};
  alignas(8) uint8_t local[kAttr];
  if (n) std::memcpy(before, mem.at(attr_off), n);
  for (uint64_t i = kAttr; i < size; i++)
    if (*mem.at(attr_off + i)) return -E2BIG;
  // Past the command's last field: zero, as the kernel's CHECK_ATTR demands. Newer
  // kernels put more fields (and pointers) there that this table cannot translate.
  for (uint32_t i = spec->end; i < n; i++)
    if (before[i]) return -EINVAL;
  if (spec->below.field && rd32(before, spec->below.off) >= spec->below.value) return -EINVAL;

  std::memcpy(local, before, kAttr);
  Call c(mem, bounce, *spec, before, local);
  NestedInfo ni;
  TranslatedOffsets translated;
  for (uint8_t i = 0; i < spec->nptrs; i++) {
    const PtrField &f = spec->ptrs[i];
    if (!applies(f.when, before)) continue;
    int e = needs_translation(f, before, n);
    if (e < 0) return e;
    if (e == 0) continue;
    e = f.len.kind == Len::Info ? prepare_info(c, f, ni)
                                : translate(c, f, before, local, &translated);
    if (e < 0) return e;
    if (f.len.kind == Len::Info && ni.spec) translated.push_back(f.off);
  }

  long r = syscall(__NR_bpf, cmd, local, n);
  int err = r < 0 ? errno : 0;

  for (uint16_t off : translated) std::memcpy(local + off, before + off, 8);
  for (const auto &s : c.substituted) {
    bool unwritten = s.kernel_writes_on_success_only ? r < 0 : rd32(local, s.off) == s.value;
    if (unwritten) wr32(local, s.off, rd32(before, s.off));
  }
  uint8_t *dst = mem.at(attr_off);
  for (uint32_t i = 0; i < n; i++)
    if (local[i] != before[i]) dst[i] = local[i];
  finish_info(c, ni);
  c.bounce_out();

  // No refetch on EFAULT: a stale entry holds the sizes of the map the module opened at
  // this number, which are the sizes its own buffers were made for.
  if (r < 0) return -err;
  if (spec->returns_fd) map_info_forget(static_cast<int>(r));
  return r;
}
