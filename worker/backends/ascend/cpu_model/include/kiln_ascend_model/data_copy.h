// DataCopy and DataCopyPad between GM and UB (and UB to UB), in kiln's
// model of the documented AscendC API.
//
// The count form moves count * sizeof(T) bytes, but the hardware moves
// whole 32-byte blocks only: a byte count that is not a multiple of 32 is
// rounded down, silently, and the tail is not written. The model does the
// same and records each such copy (copyTruncations()), so a test can show
// the lost tail. DataCopyParams counts blocks of 32 B: blockLen per block,
// and srcStride/dstStride are the gaps between blocks, on both sides.
// DataCopyPad (blockLen in bytes) is the unaligned form: its GM-side stride
// is in bytes and its UB-side stride in 32-byte blocks, and every UB block
// starts 32-byte aligned.
#pragma once

#include <cstdint>
#include <string>

#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/tensors.h"

namespace AscendC {

struct DataCopyParams {
  uint16_t blockCount = 1;
  uint16_t blockLen = 0;   // 32-byte blocks
  uint16_t srcStride = 0;  // gap between blocks, 32-byte blocks
  uint16_t dstStride = 0;
  DataCopyParams() = default;
  DataCopyParams(uint16_t count, uint16_t len, uint16_t srcGap, uint16_t dstGap)
      : blockCount(count), blockLen(len), srcStride(srcGap), dstStride(dstGap) {}
};

struct DataCopyExtParams {
  uint16_t blockCount = 1;
  uint32_t blockLen = 0;   // bytes
  uint32_t srcStride = 0;  // GM source: bytes; UB source: 32-byte blocks
  uint32_t dstStride = 0;  // GM destination: bytes; UB destination: 32-byte blocks
  uint32_t rsv = 0;
  DataCopyExtParams() = default;
  DataCopyExtParams(uint16_t count, uint32_t len, uint32_t srcGap, uint32_t dstGap, uint32_t reserved = 0)
      : blockCount(count), blockLen(len), srcStride(srcGap), dstStride(dstGap), rsv(reserved) {}
};

template <typename T> struct DataCopyPadExtParams {
  bool isPad = false;
  uint8_t leftPadding = 0;   // elements before each block's data in UB
  uint8_t rightPadding = 0;  // elements after it
  T paddingValue = T(0);
  DataCopyPadExtParams() = default;
  DataCopyPadExtParams(bool pad, uint8_t left, uint8_t right, T value)
      : isPad(pad), leftPadding(left), rightPadding(right), paddingValue(value) {}
};

}  // namespace AscendC

namespace kiln_ascend_model {

inline constexpr uint32_t kBlockBytes = 32;

// The count form's length after the hardware's rounding, recorded when
// it loses a tail.
template <typename T> uint64_t copiedElements(const std::string &op, uint32_t count) {
  uint64_t bytes = static_cast<uint64_t>(count) * sizeof(T);
  uint64_t copied = bytes / kBlockBytes * kBlockBytes;
  if (copied != bytes) state().truncations.push_back({op, bytes, copied});
  return copied / sizeof(T);
}

inline void checkBlockCount(const std::string &op, uint32_t blockCount) {
  KILN_MODEL_CHECK(blockCount >= 1 && blockCount <= 4095, "model.blockcount", op,
                   op + " with blockCount " + std::to_string(blockCount) + ": the documented range is 1..4095");
}

}  // namespace kiln_ascend_model

namespace AscendC {

template <typename T> void DataCopy(const LocalTensor<T> &dst, const GlobalTensor<T> &src, uint32_t count) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("DataCopy") + " GM->" + m::positionName(dst.pos_);
  m::checkSpace(dst, op, "dst", m::Space::UB, m::Space::L1);
  uint64_t n = m::copiedElements<T>(op, count);
  m::checkLocal(dst, op, "dst", n);
  src.checkRange("DataCopy", 0, n);
  for (uint64_t i = 0; i < n; ++i) dst.put(i, src.GetPhyAddr()[i]);
}

template <typename T> void DataCopy(const GlobalTensor<T> &dst, const LocalTensor<T> &src, uint32_t count) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("DataCopy") + " " + m::positionName(src.pos_) + "->GM";
  m::checkSpace(src, op, "src", m::Space::UB);
  uint64_t n = m::copiedElements<T>(op, count);
  m::checkLocal(src, op, "src", n);
  dst.checkRange("DataCopy", 0, n);
  for (uint64_t i = 0; i < n; ++i) dst.GetPhyAddr()[i] = src.at(i);
}

template <typename T> void DataCopy(const LocalTensor<T> &dst, const LocalTensor<T> &src, uint32_t count) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("DataCopy") + " " + m::positionName(src.pos_) + "->" + m::positionName(dst.pos_);
  m::checkSpace(dst, op, "dst", m::Space::UB);
  m::checkSpace(src, op, "src", m::Space::UB);
  uint64_t n = m::copiedElements<T>(op, count);
  m::checkLocal(dst, op, "dst", n);
  m::checkLocal(src, op, "src", n);
  std::vector<T> tmp(n);
  for (uint64_t i = 0; i < n; ++i) tmp[i] = src.at(i);
  for (uint64_t i = 0; i < n; ++i) dst.put(i, tmp[i]);
}

// Strided forms: block b starts (blockLen + stride) * b blocks in, per side.
template <typename T> void DataCopy(const LocalTensor<T> &dst, const GlobalTensor<T> &src, const DataCopyParams &p) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("DataCopy") + " GM->" + m::positionName(dst.pos_) + " (DataCopyParams)";
  m::checkSpace(dst, op, "dst", m::Space::UB, m::Space::L1);
  m::checkBlockCount(op, p.blockCount);
  if (p.blockCount == 0 || p.blockLen == 0) return;
  const uint64_t e = m::kBlockBytes / sizeof(T);  // elements per 32-byte block
  uint64_t len = p.blockLen * e, srcStep = (p.blockLen + p.srcStride) * e, dstStep = (p.blockLen + p.dstStride) * e;
  m::checkLocal(dst, op, "dst", (p.blockCount - 1) * dstStep + len);
  src.checkRange("DataCopy", 0, (p.blockCount - 1) * srcStep + len);
  for (uint64_t b = 0; b < p.blockCount; ++b)
    for (uint64_t i = 0; i < len; ++i) dst.put(b * dstStep + i, src.GetPhyAddr()[b * srcStep + i]);
}

template <typename T> void DataCopy(const GlobalTensor<T> &dst, const LocalTensor<T> &src, const DataCopyParams &p) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("DataCopy") + " " + m::positionName(src.pos_) + "->GM (DataCopyParams)";
  m::checkSpace(src, op, "src", m::Space::UB);
  m::checkBlockCount(op, p.blockCount);
  if (p.blockCount == 0 || p.blockLen == 0) return;
  const uint64_t e = m::kBlockBytes / sizeof(T);
  uint64_t len = p.blockLen * e, srcStep = (p.blockLen + p.srcStride) * e, dstStep = (p.blockLen + p.dstStride) * e;
  m::checkLocal(src, op, "src", (p.blockCount - 1) * srcStep + len);
  dst.checkRange("DataCopy", 0, (p.blockCount - 1) * dstStep + len);
  for (uint64_t b = 0; b < p.blockCount; ++b)
    for (uint64_t i = 0; i < len; ++i) dst.GetPhyAddr()[b * dstStep + i] = src.at(b * srcStep + i);
}

// GM -> UB, unaligned. Each UB block is [leftPadding][data][rightPadding],
// rounded up to 32 bytes; the padding (and the rest up to the 32-byte
// boundary) holds paddingValue when isPad, else the block's first element,
// which is what the shared notes read from the docs.
template <typename T>
void DataCopyPad(const LocalTensor<T> &dst, const GlobalTensor<T> &src, const DataCopyExtParams &p,
                 const DataCopyPadExtParams<T> &pad) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("DataCopyPad") + " GM->" + m::positionName(dst.pos_);
  m::checkSpace(dst, op, "dst", m::Space::UB);
  m::checkBlockCount(op, p.blockCount);
  KILN_MODEL_CHECK(p.blockLen % sizeof(T) == 0, "model.copy-params", op,
                   op + " with blockLen " + std::to_string(p.blockLen) + " bytes, not a whole number of elements");
  if (p.blockCount == 0 || p.blockLen == 0) return;
  const uint64_t e = m::kBlockBytes / sizeof(T);
  uint64_t n = p.blockLen / sizeof(T);
  uint64_t ubLen = (pad.leftPadding + n + pad.rightPadding + e - 1) / e * e;  // elements, whole blocks
  uint64_t dstStep = ubLen + static_cast<uint64_t>(p.dstStride) * e;
  uint64_t srcStepBytes = static_cast<uint64_t>(p.blockLen) + p.srcStride;
  KILN_MODEL_CHECK(srcStepBytes % sizeof(T) == 0, "model.copy-params", op,
                   op + " with a GM stride of " + std::to_string(p.srcStride) + " bytes, not a whole number of elements");
  uint64_t srcStep = srcStepBytes / sizeof(T);
  m::checkLocal(dst, op, "dst", (p.blockCount - 1) * dstStep + ubLen);
  src.checkRange("DataCopyPad", 0, (p.blockCount - 1) * srcStep + n);
  for (uint64_t b = 0; b < p.blockCount; ++b) {
    const T *from = src.GetPhyAddr() + b * srcStep;
    T fillValue = pad.isPad ? pad.paddingValue : from[0];
    uint64_t base = b * dstStep;
    for (uint64_t i = 0; i < ubLen; ++i) {
      bool data = i >= pad.leftPadding && i < pad.leftPadding + n;
      dst.put(base + i, data ? from[i - pad.leftPadding] : fillValue);
    }
  }
}

// UB -> GM, unaligned: exactly blockLen bytes per block reach GM.
template <typename T> void DataCopyPad(const GlobalTensor<T> &dst, const LocalTensor<T> &src, const DataCopyExtParams &p) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("DataCopyPad") + " " + m::positionName(src.pos_) + "->GM";
  m::checkSpace(src, op, "src", m::Space::UB);
  m::checkBlockCount(op, p.blockCount);
  KILN_MODEL_CHECK(p.blockLen % sizeof(T) == 0 && (p.blockLen + p.dstStride) % sizeof(T) == 0, "model.copy-params", op,
                   op + " with blockLen " + std::to_string(p.blockLen) + " and GM stride " + std::to_string(p.dstStride) +
                       " bytes, not whole numbers of elements");
  if (p.blockCount == 0 || p.blockLen == 0) return;
  const uint64_t e = m::kBlockBytes / sizeof(T);
  uint64_t n = p.blockLen / sizeof(T);
  uint64_t srcStep = (n + e - 1) / e * e + static_cast<uint64_t>(p.srcStride) * e;
  uint64_t dstStep = (static_cast<uint64_t>(p.blockLen) + p.dstStride) / sizeof(T);
  m::checkLocal(src, op, "src", (p.blockCount - 1) * srcStep + n);
  dst.checkRange("DataCopyPad", 0, (p.blockCount - 1) * dstStep + n);
  for (uint64_t b = 0; b < p.blockCount; ++b)
    for (uint64_t i = 0; i < n; ++i) dst.GetPhyAddr()[b * dstStep + i] = src.at(b * srcStep + i);
}

}  // namespace AscendC
