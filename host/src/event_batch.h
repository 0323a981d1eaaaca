// The batch a ring or perf buffer fill writes for the facade (src/events/batch.ts), and the
// one fact that makes the facade's delivery loop cheap: how many leading entries have the
// layout of the previous fill into the same buffer.
//
// Why: the facade hands each record to its callback as a Uint8Array view of the batch
// buffer, and making a view costs more than everything else per record. Views are made
// once per layout and reused; a stream of records of one size gives every batch the same
// layout, so the facade's loop then does nothing per record but call the callback. Comparing
// layouts here costs a compare per record in C++; in the JS loop it cost more than the call.
//
// Layout: entry j's bytes start at the sum of the previous entries' lengths, each padded
// to 8 (so views stay 8-aligned); equal leading lengths therefore mean equal offsets.
// meta (u32 words, never exposed to callbacks, so never detached):
//   [0] entries, [1] leading entries laid out as in the previous fill ("same"),
//   [2] byte offset of entry `same`, [3] 0,
//   [4 + j] entry j's length; for perf, [4 + max + j] entry j's tag (cpu, flags; perf_buffer.h).
// The reader keeps each entry's end (its release point) for the commit; the facade never
// writes meta, so the lengths there are the last fill's when the next fill compares.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

constexpr size_t kBatchMetaHeader = 4;

// What a reader keeps between fills: the layout of the last fill and where each entry ends.
struct BatchLayout {
  std::vector<uint64_t> ends;  // consumer position just past each entry
  std::vector<uint32_t> slot;  // which per-CPU ring an entry came from (perf)
  uint32_t count = 0;          // entries of the last fill
};

class BatchWriter {
 public:
  // `tags`: whether meta holds a tag word per entry (perf). `fresh`: the facade's views are
  // gone (a new buffer): no entry counts as laid out as before.
  BatchWriter(BatchLayout *layout, uint8_t *out, size_t cap, uint32_t *meta, size_t meta_words, bool tags,
              bool fresh)
      : layout_(layout), out_(out), cap_(cap), meta_(meta) {
    size_t room = meta_words > kBatchMetaHeader ? meta_words - kBatchMetaHeader : 0;
    max_ = tags ? room / 2 : room;
    if (max_ > 0xffffffu) max_ = 0xffffffu;
    tags_ = tags ? meta_ + kBatchMetaHeader + max_ : nullptr;
    prev_count_ = fresh ? 0 : layout->count;
    if (layout->ends.size() < max_) {
      layout->ends.resize(max_);
      if (tags) layout->slot.resize(max_);
    }
    lens_ = meta_ + kBatchMetaHeader;
  }

  // Room for an entry of `len` bytes? If not and the batch is empty, need() says how much.
  bool fits(size_t len) const { return count_ < max_ && pad(len) <= cap_ - used_; }
  size_t need(size_t len) const { return pad(len); }
  bool empty() const { return count_ == 0; }
  bool full() const { return count_ >= max_; }

  // Appends an entry and returns where its bytes go (pad(len) of them).
  uint8_t *add(uint32_t len, uint64_t end, uint32_t slot = 0, uint32_t tag = 0) {
    uint32_t j = count_++;
    // meta still holds the last fill's lengths: the facade never writes it.
    if (same_ == j) {
      if (j < prev_count_ && lens_[j] == len) same_++;
      else same_offset_ = used_;
    }
    lens_[j] = len;
    layout_->ends[j] = end;
    if (tags_) {
      layout_->slot[j] = slot;
      tags_[j] = tag;
    }
    uint8_t *at = out_ + used_;
    used_ += pad(len);
    return at;
  }

  // Writes the meta header; returns the entry count, or `need` (< 0: -(bytes) the first
  // record needs, which did not fit) when it is set.
  int64_t finish(int64_t need) {
    if (same_ == count_) same_offset_ = used_;
    layout_->count = count_;
    meta_[0] = count_;
    meta_[1] = same_;
    meta_[2] = static_cast<uint32_t>(same_offset_);
    meta_[3] = 0;
    return need < 0 ? need : count_;
  }

  static size_t pad(size_t len) { return (len + 7) / 8 * 8; }

 private:
  BatchLayout *layout_;
  uint8_t *out_;
  size_t cap_;
  size_t used_ = 0;
  uint32_t *meta_;
  uint32_t *lens_;
  uint32_t *tags_ = nullptr;
  size_t max_ = 0;
  uint32_t prev_count_ = 0;
  uint32_t count_ = 0;
  uint32_t same_ = 0;
  size_t same_offset_ = 0;
};
