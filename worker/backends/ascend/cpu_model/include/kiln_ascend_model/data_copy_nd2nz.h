// GM -> L1 with ND to NZ conversion (DataCopy with Nd2NzParams), in kiln's
// model of the documented AscendC API.
//
// NZ in L1 (the notes' layout names: N, column-major, is the order of the
// fractals; z, row-major, the order inside one): the matrix is cut into
// columns of C0 = 32 / sizeof(T) elements; each column block holds its
// rows one after another, C0 elements (32 B) per row. With Mp = rows
// rounded up to 16 and the usual strides (dstNzC0Stride = Mp,
// dstNzNStride = 1) element (r, c) lands at (c/C0)*Mp*C0 + r*C0 + c%C0
// (DERIVED in the notes; the general form below is that formula with the
// strides as parameters):
//   dst[m*dstNzMatrixStride + (c/C0)*dstNzC0Stride*C0 + r*dstNzNStride*C0 + c%C0]
//     = src[m*srcNdMatrixStride + r*srcDValue + c]
// for matrix m < ndNum, row r < nValue, column c < dValue. Units:
// srcNdMatrixStride, srcDValue and dstNzMatrixStride in elements;
// dstNzC0Stride and dstNzNStride in 32-byte blocks. Columns from dValue up
// to the next multiple of C0 are zero-filled. Rows from nValue up to the
// 16-row padding are left as they were (the notes mark them OPEN), so a
// kernel must not rely on them.
#pragma once

#include <cstdint>
#include <string>

#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/tensors.h"

namespace AscendC {

struct Nd2NzParams {
  uint16_t ndNum = 1;
  uint16_t nValue = 0;  // rows
  uint16_t dValue = 0;  // columns
  uint16_t srcNdMatrixStride = 0;
  uint16_t srcDValue = 0;  // source row length, elements
  uint16_t dstNzC0Stride = 0;  // 32-byte blocks between column blocks
  uint16_t dstNzNStride = 1;   // 32-byte blocks between rows
  uint16_t dstNzMatrixStride = 0;
  Nd2NzParams() = default;
  Nd2NzParams(uint16_t nd, uint16_t n, uint16_t d, uint16_t srcMatrixStride, uint16_t srcD, uint16_t c0Stride,
              uint16_t nStride, uint16_t dstMatrixStride)
      : ndNum(nd), nValue(n), dValue(d), srcNdMatrixStride(srcMatrixStride), srcDValue(srcD), dstNzC0Stride(c0Stride),
        dstNzNStride(nStride), dstNzMatrixStride(dstMatrixStride) {}
};

template <typename T> void DataCopy(const LocalTensor<T> &dst, const GlobalTensor<T> &src, const Nd2NzParams &p) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("DataCopy") + " GM->" + m::positionName(dst.pos_) + " (Nd2NzParams)";
  m::checkSpace(dst, op, "dst", m::Space::L1);
  if (p.ndNum == 0 || p.nValue == 0 || p.dValue == 0) return;
  const uint64_t c0 = 32 / sizeof(T);
  const uint64_t dPadded = (p.dValue + c0 - 1) / c0 * c0;
  auto dstAt = [&](uint64_t mat, uint64_t r, uint64_t c) {
    return mat * p.dstNzMatrixStride + (c / c0) * p.dstNzC0Stride * c0 + r * p.dstNzNStride * c0 + c % c0;
  };
  KILN_MODEL_CHECK(p.srcDValue >= p.dValue, "model.bad-param", op,
                   op + " with srcDValue " + std::to_string(p.srcDValue) + " below dValue " + std::to_string(p.dValue));
  m::checkLocal(dst, op, "dst", dstAt(p.ndNum - 1, p.nValue - 1, dPadded - 1) + 1);
  src.checkRange("DataCopy", 0,
                 static_cast<uint64_t>(p.ndNum - 1) * p.srcNdMatrixStride +
                     static_cast<uint64_t>(p.nValue - 1) * p.srcDValue + p.dValue);
  for (uint64_t mat = 0; mat < p.ndNum; ++mat)
    for (uint64_t r = 0; r < p.nValue; ++r)
      for (uint64_t c = 0; c < dPadded; ++c) {
        T v = c < p.dValue ? src.GetPhyAddr()[mat * p.srcNdMatrixStride + r * p.srcDValue + c] : T(0);
        dst.put(dstAt(mat, r, c), v);
      }
}

}  // namespace AscendC
