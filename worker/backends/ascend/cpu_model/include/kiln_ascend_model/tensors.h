// GlobalTensor and LocalTensor, in kiln's model of the documented AscendC
// API.
//
// A GlobalTensor is a typed view of host memory standing for GM, sized by
// SetGlobalBuffer (in elements); indexing past that size is an error.
// A LocalTensor names a buffer that TPipe placed in an on-chip memory, the
// byte offset of its start in that memory and the bytes from there to the
// buffer's end. It also carries the buffer generation it was handed out
// with: once the buffer is freed (FreeTensor) or allocated again, any op
// given the old tensor stops with [model.use-after-free].
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/number_types.h"
#include "kiln_ascend_model/positions.h"

namespace kiln_ascend_model {

template <typename T> std::string opName(const char *name) { return std::string(name) + "<" + typeName<T>() + ">"; }

// Raw element access to an on-chip memory. Out-of-space accesses only get
// here with checks compiled out; they are dropped so the host stays safe.
template <typename T> T loadAt(Space s, uint64_t byteOff) {
  std::vector<uint8_t> &m = state().mem(s);
  T v{};
  if (s != Space::None && byteOff + sizeof(T) <= m.size()) std::memcpy(static_cast<void *>(&v), m.data() + byteOff, sizeof(T));
  return v;
}
template <typename T> void storeAt(Space s, uint64_t byteOff, T v) {
  std::vector<uint8_t> &m = state().mem(s);
  if (s != Space::None && byteOff + sizeof(T) <= m.size()) std::memcpy(m.data() + byteOff, &v, sizeof(T));
}

}  // namespace kiln_ascend_model

namespace AscendC {

template <typename T> class LocalTensor {
 public:
  LocalTensor() = default;

  // A view `offset` elements further into the same buffer.
  LocalTensor operator[](uint32_t offset) const {
    LocalTensor v = *this;
    uint64_t skip = static_cast<uint64_t>(offset) * sizeof(T);
    KILN_MODEL_CHECK(skip <= sizeBytes_, "model.out-of-range", kiln_ascend_model::opName<T>("LocalTensor::operator[]"),
                     kiln_ascend_model::opName<T>("LocalTensor::operator[]") + " offset " + std::to_string(offset) +
                         " is past the end of a " + std::to_string(GetSize()) + "-element " +
                         kiln_ascend_model::positionName(pos_) + " tensor");
    v.byteOffset_ += static_cast<uint32_t>(skip);
    v.sizeBytes_ = skip <= sizeBytes_ ? sizeBytes_ - static_cast<uint32_t>(skip) : 0;
    return v;
  }

  T GetValue(uint32_t i) const {
    checkScalar("GetValue", i);
    return kiln_ascend_model::loadAt<T>(space_, byteOffset_ + static_cast<uint64_t>(i) * sizeof(T));
  }
  void SetValue(uint32_t i, T v) const {
    checkScalar("SetValue", i);
    kiln_ascend_model::storeAt<T>(space_, byteOffset_ + static_cast<uint64_t>(i) * sizeof(T), v);
  }
  uint32_t GetSize() const { return sizeBytes_ / sizeof(T); }
  TPosition GetPosition() const { return pos_; }

  // The same bytes read as another dtype.
  template <typename U> LocalTensor<U> ReinterpretCast() const {
    LocalTensor<U> u;
    u.bufferId_ = bufferId_;
    u.generation_ = generation_;
    u.space_ = space_;
    u.pos_ = pos_;
    u.byteOffset_ = byteOffset_;
    u.sizeBytes_ = sizeBytes_ - sizeBytes_ % sizeof(U);
    return u;
  }

  // Model internals (public so the op templates and ReinterpretCast can
  // reach them; kernels never name them).
  int32_t bufferId_ = -1;
  uint64_t generation_ = 0;
  kiln_ascend_model::Space space_ = kiln_ascend_model::Space::None;
  TPosition pos_ = TPosition::GM;
  uint32_t byteOffset_ = 0;  // from the start of the physical memory
  uint32_t sizeBytes_ = 0;   // from the start of this view to the buffer's end

  // Element i, after the op's checks.
  T at(uint64_t i) const { return kiln_ascend_model::loadAt<T>(space_, byteOffset_ + i * sizeof(T)); }
  void put(uint64_t i, T v) const { kiln_ascend_model::storeAt<T>(space_, byteOffset_ + i * sizeof(T), v); }

 private:
  void checkScalar(const char *what, uint32_t i) const;
};

template <typename T> class GlobalTensor {
 public:
  GlobalTensor() = default;
  void SetGlobalBuffer(__gm__ T *ptr, uint64_t sizeInElements) {
    base_ = ptr;
    size_ = sizeInElements;
  }
  // Without a size the model cannot bound the accesses.
  void SetGlobalBuffer(__gm__ T *ptr) {
    base_ = ptr;
    size_ = std::numeric_limits<uint64_t>::max();
  }
  GlobalTensor operator[](uint64_t offset) const {
    KILN_MODEL_CHECK(offset <= size_, "model.out-of-range", kiln_ascend_model::opName<T>("GlobalTensor::operator[]"),
                     kiln_ascend_model::opName<T>("GlobalTensor::operator[]") + " offset " + std::to_string(offset) +
                         " is past SetGlobalBuffer's size of " + std::to_string(size_) + " elements");
    GlobalTensor v = *this;
    v.base_ = base_ + offset;
    if (size_ != std::numeric_limits<uint64_t>::max()) v.size_ = offset <= size_ ? size_ - offset : 0;
    return v;
  }
  T GetValue(uint64_t i) const {
    checkRange("GlobalTensor::GetValue", i, 1);
    return base_[i];
  }
  void SetValue(uint64_t i, T v) const {
    checkRange("GlobalTensor::SetValue", i, 1);
    base_[i] = v;
  }
  uint64_t GetSize() const { return size_; }
  __gm__ T *GetPhyAddr() const { return base_; }

  // Elements [first, first + count) are inside the buffer (else stops).
  void checkRange(const char *op, uint64_t first, uint64_t count) const {
    KILN_MODEL_CHECK(base_ != nullptr, "model.out-of-range", kiln_ascend_model::opName<T>(op),
                     kiln_ascend_model::opName<T>(op) + " on a GlobalTensor with no SetGlobalBuffer");
    KILN_MODEL_CHECK(first <= size_ && count <= size_ - first, "model.out-of-range", kiln_ascend_model::opName<T>(op),
                     kiln_ascend_model::opName<T>(op) + " touches GM elements [" + std::to_string(first) + ", " +
                         std::to_string(first + count) + ") of a GlobalTensor of " + std::to_string(size_) +
                         " elements (SetGlobalBuffer's size)");
  }

 private:
  __gm__ T *base_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace AscendC

namespace kiln_ascend_model {

// The checks every op makes on each local operand: the tensor still owns
// its buffer, lives in a memory the op can use, starts aligned for that
// memory, and holds the `elems` elements the op touches.
template <typename T> void checkLive(const AscendC::LocalTensor<T> &t, const std::string &op, const char *operand) {
  if (!kChecked) return;
  ModelState &s = state();
  if (t.bufferId_ < 0 || static_cast<size_t>(t.bufferId_) >= s.buffers.size())
    fail("model.use-after-free", op,
         op + ": operand " + operand + " is a LocalTensor that no TPipe buffer backs (never allocated, or from an "
              "earlier block or a destroyed pipe)");
  const BufferRecord &b = s.buffers[t.bufferId_];
  if (!b.live || b.generation != t.generation_)
    fail("model.use-after-free", op,
         op + ": operand " + operand + " is a " + positionName(t.pos_) + " LocalTensor whose buffer was " +
             (b.live ? "freed and allocated again since" : "freed (FreeTensor)"));
}

template <typename T>
void checkLocal(const AscendC::LocalTensor<T> &t, const std::string &op, const char *operand, uint64_t elems) {
  if (!kChecked) return;
  checkLive(t, op, operand);
  uint32_t align = spaceAlignment(t.space_);
  if (t.byteOffset_ % align != 0)
    fail("model.misaligned", op,
         op + ": operand " + operand + " starts at byte " + std::to_string(t.byteOffset_) + " of " + spaceName(t.space_) +
             ", not " + std::to_string(align) + "-byte aligned");
  if (elems * sizeof(T) > t.sizeBytes_)
    fail("model.out-of-range", op,
         op + ": operand " + operand + " needs " + std::to_string(elems) + " elements but its " + positionName(t.pos_) +
             " buffer holds " + std::to_string(t.GetSize()) + " from this start");
}

// The op only works on these memories (e.g. vector ops on UB).
template <typename T>
void checkSpace(const AscendC::LocalTensor<T> &t, const std::string &op, const char *operand, Space want,
                Space alsoOk = Space::None) {
  if (!kChecked) return;
  if (t.space_ != want && (alsoOk == Space::None || t.space_ != alsoOk))
    fail("model.position", op,
         op + ": operand " + operand + " is in " + spaceName(t.space_) + " (" + positionName(t.pos_) + "), but the op " +
             "reads or writes " + spaceName(want) + (alsoOk != Space::None ? std::string(" or ") + spaceName(alsoOk) : ""));
}

}  // namespace kiln_ascend_model

template <typename T> void AscendC::LocalTensor<T>::checkScalar(const char *what, uint32_t i) const {
  std::string op = kiln_ascend_model::opName<T>(what);
  kiln_ascend_model::checkLive(*this, op, "tensor");
  KILN_MODEL_CHECK(i < GetSize(), "model.out-of-range", op,
                   op + " index " + std::to_string(i) + " is past the end of a " + std::to_string(GetSize()) +
                       "-element " + kiln_ascend_model::positionName(pos_) + " tensor");
}
