// Whole-tensor reductions, in kiln's model of the documented AscendC API:
// ReduceSum(dst, src, tmp, count) and ReduceMax(dst, src, tmp, count,
// calIndex), for half and float, result in dst[0]. With calIndex, dst[1]
// holds the index's bits (uint16 for half, uint32 for float); on a tie
// the lowest index wins.
//
// Scratch, in elements of T, with R = ceil(count / (256 / sizeof(T))) and
// a block of 32 / sizeof(T) (the docs' formulas, with ceil): ReduceMax
// needs RoundUp(2R, block); ReduceSum needs none on 910B and RoundUp(R,
// block) on 310P (DeviceConfig::npuArch 2002). A smaller tmp stops with
// [model.reduce-scratch]. (The docs give ReduceMax's size without the
// index; the model asks the same with it.)
//
// Summation order (the model's choice, after the hardware's pairwise
// tree): the elements are cut into repeats of 256 bytes; each repeat is
// summed as a tree of adjacent pairs ((x0+x1)+(x2+x3))+..., an odd element
// passing up a level unchanged; the repeat sums are then reduced the same
// way, 256 bytes at a time, until one value is left. For half every add
// rounds to half, and a sum past 65504 saturates to +-65504 (the notes).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/number_types.h"
#include "kiln_ascend_model/tensors.h"
#include "kiln_ascend_model/vector_ops.h"

namespace kiln_ascend_model {

template <typename T> T addForReduce(T a, T b) {
  float s = static_cast<float>(a) + static_cast<float>(b);
  if (std::is_same<T, half>::value) {
    if (s > 65504.0f) s = 65504.0f;
    if (s < -65504.0f) s = -65504.0f;
  }
  return T(s);
}

template <typename T> T pairwiseTree(std::vector<T> v) {
  if (v.empty()) return T(0);
  while (v.size() > 1) {
    std::vector<T> next;
    for (size_t i = 0; i + 1 < v.size(); i += 2) next.push_back(addForReduce(v[i], v[i + 1]));
    if (v.size() % 2) next.push_back(v.back());
    v.swap(next);
  }
  return v[0];
}

template <typename T> T reduceSumInRepeats(std::vector<T> v) {
  const size_t perRepeat = 256 / sizeof(T);
  do {
    std::vector<T> sums;
    for (size_t i = 0; i < v.size(); i += perRepeat)
      sums.push_back(pairwiseTree(std::vector<T>(v.begin() + i, v.begin() + std::min(v.size(), i + perRepeat))));
    v.swap(sums);
  } while (v.size() > 1);
  return v.empty() ? T(0) : v[0];
}

inline uint64_t roundUpTo(uint64_t v, uint64_t m) { return (v + m - 1) / m * m; }

template <typename T> uint64_t repeatsOf(int32_t count) { return roundUpTo(count, 256 / sizeof(T)) / (256 / sizeof(T)); }

template <typename T>
void checkReduce(const std::string &op, const AscendC::LocalTensor<T> &dst, const AscendC::LocalTensor<T> &src,
                 const AscendC::LocalTensor<T> &tmp, int32_t count, uint64_t dstElems, uint64_t scratchElems) {
  checkCount(op, count);
  checkSpace(dst, op, "dst", Space::UB);
  checkSpace(src, op, "src", Space::UB);
  checkLocal(dst, op, "dst", dstElems);
  checkLocal(src, op, "src", count);
  if (scratchElems > 0) {
    checkSpace(tmp, op, "sharedTmpBuffer", Space::UB);
    checkLocal(tmp, op, "sharedTmpBuffer", 0);
    KILN_MODEL_CHECK(tmp.GetSize() >= scratchElems, "model.reduce-scratch", op,
                     op + " of " + std::to_string(count) + " elements needs a sharedTmpBuffer of " +
                         std::to_string(scratchElems) + " elements; it has " + std::to_string(tmp.GetSize()));
  }
}

}  // namespace kiln_ascend_model

namespace AscendC {

template <typename T>
void ReduceSum(const LocalTensor<T> &dst, const LocalTensor<T> &src, const LocalTensor<T> &sharedTmpBuffer, int32_t count) {
  KILN_MODEL_NO_FORM("ReduceSum", (kiln_ascend_model::isOneOf<T, half, float>), "half and float only");
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("ReduceSum");
  uint64_t block = 32 / sizeof(T);
  uint64_t scratch = m::state().config.npuArch == 2002 ? m::roundUpTo(m::repeatsOf<T>(count), block) : 0;
  m::checkReduce(op, dst, src, sharedTmpBuffer, count, 1, scratch);
  if (count <= 0) return;
  std::vector<T> v(count);
  for (int32_t i = 0; i < count; ++i) v[i] = src.at(i);
  dst.put(0, m::reduceSumInRepeats(std::move(v)));
}

template <typename T>
void ReduceMax(const LocalTensor<T> &dst, const LocalTensor<T> &src, const LocalTensor<T> &sharedTmpBuffer, int32_t count,
               bool calIndex = false) {
  KILN_MODEL_NO_FORM("ReduceMax", (kiln_ascend_model::isOneOf<T, half, float>), "half and float only");
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("ReduceMax");
  uint64_t block = 32 / sizeof(T);
  m::checkReduce(op, dst, src, sharedTmpBuffer, count, calIndex ? 2 : 1, m::roundUpTo(2 * m::repeatsOf<T>(count), block));
  if (count <= 0) return;
  T best = src.at(0);
  uint32_t at = 0;
  for (int32_t i = 1; i < count; ++i) {
    T v = src.at(i);
    if (static_cast<float>(v) > static_cast<float>(best)) {
      best = v;
      at = static_cast<uint32_t>(i);
    }
  }
  dst.put(0, best);
  if (calIndex) {
    // The index's bits in dst[1]: uint16 for half, uint32 for float.
    T bits;
    if (sizeof(T) == 2) {
      uint16_t i16 = static_cast<uint16_t>(at);
      std::memcpy(static_cast<void *>(&bits), &i16, 2);
    } else {
      std::memcpy(static_cast<void *>(&bits), &at, 4);
    }
    dst.put(1, bits);
  }
}

}  // namespace AscendC
