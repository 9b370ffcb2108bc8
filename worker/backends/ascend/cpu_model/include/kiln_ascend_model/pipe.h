// TPipe, TQue and TBuf, in kiln's model of the documented AscendC API.
//
// Placement (the notes' "Buffers and indices"): InitBuffer rounds each
// length up to 32 bytes and places buffers in call order behind a bump
// pointer that starts at 0, one pointer per physical memory and per pipe
// (VECIN, VECOUT and VECCALC share UB; A1, B1 and C1 share L1). A pipe
// holds at most 64 buffers, and at most 8 queue buffers per position (one
// event id each). placements() (device_state.h) lists where each landed.
//
// A queue's buffers cycle: AllocTensor hands out the next free one, EnQue
// puts a tensor at the back (at most `depth` in a row), DeQue takes the
// front, FreeTensor returns the buffer. On the chip these calls also set
// and wait the queue's hardware events; the model runs each op to
// completion in program order, so it keeps the order rules and the counts
// (the discipline) and needs no events.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/tensors.h"

namespace kiln_ascend_model {

inline constexpr uint32_t kMaxBuffersPerPipe = 64;
inline constexpr uint32_t kMaxQueueBuffersPerPosition = 8;

template <typename T> AscendC::LocalTensor<T> tensorOver(int32_t id, uint32_t bytes) {
  const BufferRecord &b = state().buffers[id];
  AscendC::LocalTensor<T> t;
  t.bufferId_ = id;
  t.generation_ = b.generation;
  t.space_ = b.space;
  t.pos_ = b.position;
  t.byteOffset_ = b.offset;
  t.sizeBytes_ = bytes - bytes % sizeof(T);
  return t;
}

}  // namespace kiln_ascend_model

namespace AscendC {

class TPipe;

template <TPosition pos, int32_t depth = 1> class TQue {
 public:
  template <typename T> LocalTensor<T> AllocTensor() {
    namespace m = kiln_ascend_model;
    std::string op = m::opName<T>("AllocTensor");
    KILN_MODEL_CHECK(!buffers_.empty(), "model.queue-uninit", op,
                     op + " on a " + m::positionName(pos) + " queue that no InitBuffer gave buffers");
    if (buffers_.empty()) return LocalTensor<T>();
    auto &all = m::state().buffers;
    size_t n = buffers_.size();
    for (size_t i = 0; i < n; ++i) {
      size_t k = (cursor_ + i) % n;
      if (!all[buffers_[k]].live) return take<T>(k);
    }
    if (!m::kChecked) return take<T>(cursor_ % n);  // checks off: reuse a live buffer, as the bug would
    m::fail("model.alloc-exhausted", op,
            op + " on a " + m::positionName(pos) + " queue with all " + std::to_string(n) +
                " of its buffers live: FreeTensor one first (more live tensors than InitBuffer's buffer count)");
  }

  template <typename T> void EnQue(const LocalTensor<T> &t) {
    namespace m = kiln_ascend_model;
    std::string op = m::opName<T>("EnQue");
    m::checkLive(t, op, "tensor");
    KILN_MODEL_CHECK(owns(t.bufferId_), "model.queue-foreign", op,
                     op + " on a " + m::positionName(pos) + " queue of a tensor allocated from another queue or buffer");
    KILN_MODEL_CHECK(fifo_.size() < static_cast<size_t>(depth), "model.enque-full", op,
                     op + " on a " + m::positionName(pos) + " queue of depth " + std::to_string(depth) + " that holds " +
                         std::to_string(fifo_.size()) + " tensors already: DeQue before enqueuing more");
    fifo_.push_back({t.bufferId_, t.generation_});
  }

  template <typename T> LocalTensor<T> DeQue() {
    namespace m = kiln_ascend_model;
    std::string op = m::opName<T>("DeQue");
    KILN_MODEL_CHECK(!fifo_.empty(), "model.deque-empty", op,
                     op + " on a " + m::positionName(pos) + " queue with nothing enqueued");
    if (fifo_.empty()) {  // checks off: hand out the next buffer, as stale as it is
      if (buffers_.empty()) return LocalTensor<T>();
      return m::tensorOver<T>(buffers_[cursor_ % buffers_.size()], bytes_);
    }
    std::pair<int32_t, uint64_t> front = fifo_.front();
    fifo_.pop_front();
    // The generation enqueued: freed or re-allocated since, it is stale.
    LocalTensor<T> t = m::tensorOver<T>(front.first, bytes_);
    t.generation_ = front.second;
    return t;
  }

  template <typename T> void FreeTensor(LocalTensor<T> &t) {
    namespace m = kiln_ascend_model;
    std::string op = m::opName<T>("FreeTensor");
    m::checkLive(t, op, "tensor");
    KILN_MODEL_CHECK(owns(t.bufferId_), "model.queue-foreign", op,
                     op + " on a " + m::positionName(pos) + " queue of a tensor allocated from another queue or buffer");
    if (t.bufferId_ >= 0 && static_cast<size_t>(t.bufferId_) < m::state().buffers.size())
      m::state().buffers[t.bufferId_].live = false;
  }

 private:
  friend class TPipe;
  template <typename T> LocalTensor<T> take(size_t k) {
    auto &rec = kiln_ascend_model::state().buffers[buffers_[k]];
    rec.live = true;
    rec.generation = kiln_ascend_model::state().nextGeneration++;
    cursor_ = (k + 1) % buffers_.size();
    return kiln_ascend_model::tensorOver<T>(buffers_[k], bytes_);
  }
  bool owns(int32_t id) const {
    for (int32_t b : buffers_)
      if (b == id) return true;
    return false;
  }
  std::vector<int32_t> buffers_;
  std::deque<std::pair<int32_t, uint64_t>> fifo_;  // buffer id, generation at EnQue
  size_t cursor_ = 0;
  uint32_t bytes_ = 0;
};

template <TPosition pos> class TBuf {
 public:
  template <typename T> LocalTensor<T> Get() {
    std::string op = kiln_ascend_model::opName<T>("TBuf::Get");
    KILN_MODEL_CHECK(id_ >= 0, "model.queue-uninit", op,
                     op + " on a " + kiln_ascend_model::positionName(pos) + " TBuf that no InitBuffer placed");
    if (id_ < 0) return LocalTensor<T>();
    return kiln_ascend_model::tensorOver<T>(id_, bytes_);
  }
  template <typename T> LocalTensor<T> Get(uint32_t len) {
    std::string op = kiln_ascend_model::opName<T>("TBuf::Get");
    LocalTensor<T> t = Get<T>();
    KILN_MODEL_CHECK(static_cast<uint64_t>(len) * sizeof(T) <= t.sizeBytes_, "model.out-of-range", op,
                     op + "(" + std::to_string(len) + ") on a TBuf of " + std::to_string(bytes_) + " bytes");
    if (static_cast<uint64_t>(len) * sizeof(T) <= t.sizeBytes_) t.sizeBytes_ = len * sizeof(T);
    return t;
  }

 private:
  friend class TPipe;
  int32_t id_ = -1;
  uint32_t bytes_ = 0;
};

class TPipe {
 public:
  TPipe() = default;
  TPipe(const TPipe &) = delete;
  TPipe &operator=(const TPipe &) = delete;
  ~TPipe() { Destroy(); }

  template <TPosition pos, int32_t depth> bool InitBuffer(TQue<pos, depth> &que, uint8_t num, uint32_t len) {
    std::string what = std::string("a ") + kiln_ascend_model::positionName(pos) + " queue";
    uint32_t rounded = roundUp32(len);
    uint32_t &perPos = queueBuffers_[static_cast<int>(pos)];
    KILN_MODEL_CHECK(perPos + num <= kiln_ascend_model::kMaxQueueBuffersPerPosition, "model.buffer-count", "InitBuffer",
                     "InitBuffer of " + std::to_string(num) + " buffers for " + what + ": a pipe holds at most " +
                         std::to_string(kiln_ascend_model::kMaxQueueBuffersPerPosition) + " queue buffers per position, " +
                         std::to_string(perPos) + " placed already");
    if (!place(pos, num, rounded, what, true)) return false;
    perPos += num;
    que.buffers_.assign(mine_.end() - num, mine_.end());
    que.bytes_ = rounded;
    que.cursor_ = 0;
    que.fifo_.clear();
    return true;
  }

  template <TPosition pos> bool InitBuffer(TBuf<pos> &buf, uint32_t len) {
    std::string what = std::string("a ") + kiln_ascend_model::positionName(pos) + " TBuf";
    uint32_t rounded = roundUp32(len);
    if (!place(pos, 1, rounded, what, false)) return false;
    buf.id_ = mine_.back();
    buf.bytes_ = rounded;
    return true;
  }

  // The pipe's buffers die with it: tensors that outlive it are stale.
  void Destroy() {
    auto &all = kiln_ascend_model::state().buffers;
    for (int32_t id : mine_)
      if (static_cast<size_t>(id) < all.size()) all[id].live = false;
    mine_.clear();
  }

 private:
  static uint32_t roundUp32(uint32_t len) { return static_cast<uint32_t>((static_cast<uint64_t>(len) + 31) / 32 * 32); }

  bool place(TPosition pos, uint32_t num, uint32_t bytes, const std::string &what, bool queue) {
    namespace m = kiln_ascend_model;
    m::ModelState &s = m::state();
    m::Space space = m::spaceOf(pos);
    KILN_MODEL_CHECK(space != m::Space::None, "model.position", "InitBuffer",
                     "InitBuffer for " + what + ": the model has no on-chip memory behind that position");
    if (space == m::Space::None) return false;
    KILN_MODEL_CHECK(mine_.size() + num <= m::kMaxBuffersPerPipe, "model.buffer-count", "InitBuffer",
                     "InitBuffer for " + what + ": a TPipe holds at most " + std::to_string(m::kMaxBuffersPerPipe) +
                         " buffers, " + std::to_string(mine_.size()) + " placed already");
    uint64_t &next = next_[static_cast<int>(space)];
    uint64_t want = static_cast<uint64_t>(num) * bytes;
    int64_t cap = s.config.capacity(space);
    KILN_MODEL_CHECK(next + want <= static_cast<uint64_t>(cap), "model.capacity", "InitBuffer",
                     "InitBuffer of " + std::to_string(num) + " x " + std::to_string(bytes) + " bytes for " + what + ": " +
                         m::spaceName(space) + " has " + std::to_string(cap) + " bytes and " + std::to_string(next) +
                         " are placed already, so " + std::to_string(next + want) + " bytes do not fit");
    for (uint32_t i = 0; i < num; ++i) {
      m::BufferRecord rec;
      rec.space = space;
      rec.position = pos;
      rec.offset = static_cast<uint32_t>(next);
      rec.bytes = bytes;
      rec.generation = s.nextGeneration++;
      rec.live = !queue;  // queue buffers come alive at AllocTensor
      rec.owner = this;
      s.placements.push_back({pos, space, rec.offset, bytes, queue, i});
      mine_.push_back(static_cast<int32_t>(s.buffers.size()));
      s.buffers.push_back(rec);
      next += bytes;
    }
    return true;
  }

  uint64_t next_[kiln_ascend_model::kSpaceCount] = {};
  uint32_t queueBuffers_[12] = {};  // per TPosition
  std::vector<int32_t> mine_;
};

}  // namespace AscendC
