// reduce_sum, reduce_max, softmax and matmul (rules in tile_compute.h). The
// order of every accumulation is part of the contract with the GPU lowering.
#include <cmath>

#include "worker/reference/numerics.h"
#include "worker/reference/tile_compute.h"

namespace kiln::reference {
namespace {

/// A line of a tile: a row (axis 1) or a column (axis 0), as a start offset
/// and a stride, and how many lines and elements per line there are.
struct Lines {
  int64_t count, length, lineStride, elementStride;
};

Lines linesOf(const TileData &t, int axis) {
  if (axis == 1) return {t.rows, t.cols, t.cols, 1};
  return {t.cols, t.rows, 1, t.cols};
}

}  // namespace

void reduceSumOp(const TileData &input, int axis, TileData &out) {
  Lines lines = linesOf(input, axis);
  out.reset(input.type, axis == 1 ? input.rows : 1, axis == 1 ? 1 : input.cols);
  for (int64_t line = 0; line < lines.count; ++line) {
    int64_t base = line * lines.lineStride;
    if (input.isFloat()) {
      float acc = 0.0f;
      for (int64_t e = 0; e < lines.length; ++e) acc += input.f[base + e * lines.elementStride];
      out.f[line] = roundToElement(acc, input.type);
    } else {
      int32_t acc = 0;
      for (int64_t e = 0; e < lines.length; ++e) acc = wrapAdd(acc, input.i[base + e * lines.elementStride]);
      out.i[line] = acc;
    }
  }
}

void reduceMaxOp(const TileData &input, int axis, TileData &out) {
  Lines lines = linesOf(input, axis);
  out.reset(input.type, axis == 1 ? input.rows : 1, axis == 1 ? 1 : input.cols);
  for (int64_t line = 0; line < lines.count; ++line) {
    int64_t base = line * lines.lineStride;
    if (input.isFloat()) {
      float m = input.f[base];
      for (int64_t e = 1; e < lines.length; ++e) m = std::fmax(m, input.f[base + e * lines.elementStride]);
      out.f[line] = m;
    } else {
      int32_t m = input.i[base];
      for (int64_t e = 1; e < lines.length; ++e) {
        int32_t x = input.i[base + e * lines.elementStride];
        m = x > m ? x : m;
      }
      out.i[line] = m;
    }
  }
}

std::string softmaxOp(const TileData &input, int axis, TileData &out) {
  if (!input.isFloat()) return "softmax takes float tiles only";
  Lines lines = linesOf(input, axis);
  out.reset(input.type, input.rows, input.cols);
  for (int64_t line = 0; line < lines.count; ++line) {
    int64_t base = line * lines.lineStride;
    auto at = [&](int64_t e) { return base + e * lines.elementStride; };
    float m = input.f[at(0)];
    for (int64_t e = 1; e < lines.length; ++e) m = std::fmax(m, input.f[at(e)]);
    float s = 0.0f;
    for (int64_t e = 0; e < lines.length; ++e) {
      float x = std::exp(input.f[at(e)] - m);
      out.f[at(e)] = x;  // kept unrounded until divided by the sum
      s += x;
    }
    for (int64_t e = 0; e < lines.length; ++e)
      out.f[at(e)] = roundToElement(out.f[at(e)] / s, input.type);
  }
  return {};
}

void matmulOp(const TileData &a, const TileData &b, const TileData *acc, TileData &out) {
  const int64_t M = a.rows, K = a.cols, N = b.cols;
  // i32 operands enter the f32 accumulation rounded to nearest even.
  std::vector<float> convertedA, convertedB;
  const float *pa = a.f.data();
  const float *pb = b.f.data();
  if (!a.isFloat()) {
    convertedA.reserve(a.i.size());
    for (int32_t v : a.i) convertedA.push_back(signedToFloatElement(v, ElementType::kF32));
    pa = convertedA.data();
  }
  if (!b.isFloat()) {
    convertedB.reserve(b.i.size());
    for (int32_t v : b.i) convertedB.push_back(signedToFloatElement(v, ElementType::kF32));
    pb = convertedB.data();
  }
  out.reset(ElementType::kF32, M, N);
  if (acc) out.f = acc->f;
  // k runs outside n so that b is read row by row; each output still sees
  // its fmaf chain in the order k = 0..K-1.
  float *po = out.f.data();
  for (int64_t m = 0; m < M; ++m) {
    float *row = po + m * N;
    for (int64_t k = 0; k < K; ++k) {
      const float x = pa[m * K + k];
      const float *brow = pb + k * N;
      for (int64_t n = 0; n < N; ++n) row[n] = std::fma(x, brow[n], row[n]);
    }
  }
}

}  // namespace kiln::reference
