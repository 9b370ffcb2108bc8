// The count-form vector ops of kiln's model of the documented AscendC API,
// each checked against a plain loop on seeded random data, for float, for
// half (computed in float, rounded to half once per op) and for int32.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "model_test_support.h"

using namespace AscendC;
using kiln_model_test::randomFloats;
using kiln_model_test::runOneBlock;

namespace {

constexpr int kCount = 200;  // not a multiple of 8 or 16: the count form has no 32-byte rule

// Three UB tensors of kCount elements each, at aligned starts.
template <typename T> struct Operands {
  LocalTensor<T> dst, a, b;
};
template <typename T> Operands<T> place(TPipe &pipe, TBuf<TPosition::VECCALC> &buf) {
  const uint32_t stride = (kCount * sizeof(T) + 31) / 32 * 32;
  pipe.InitBuffer(buf, 3 * stride);
  LocalTensor<T> all = buf.Get<T>();
  return {all, all[stride / sizeof(T)], all[2 * stride / sizeof(T)]};
}

template <typename T> void fill(const LocalTensor<T> &t, const std::vector<float> &v) {
  for (int i = 0; i < kCount; ++i) t.SetValue(i, T(v[i]));
}

using Binary = void (*)(const LocalTensor<float> &, const LocalTensor<float> &, const LocalTensor<float> &, int32_t);
using BinaryH = void (*)(const LocalTensor<half> &, const LocalTensor<half> &, const LocalTensor<half> &, int32_t);

struct BinaryCase {
  const char *name;
  Binary f;
  BinaryH h;
  std::function<float(float, float)> ref;
};

TEST(ModelVectorOps, BinaryOpsMatchAPlainLoopForFloatAndHalf) {
  std::vector<BinaryCase> cases = {
      {"Add", Add<float>, Add<half>, [](float a, float b) { return a + b; }},
      {"Sub", Sub<float>, Sub<half>, [](float a, float b) { return a - b; }},
      {"Mul", Mul<float>, Mul<half>, [](float a, float b) { return a * b; }},
      {"Div", Div<float>, Div<half>, [](float a, float b) { return a / b; }},
      {"Max", Max<float>, Max<half>, [](float a, float b) { return a > b ? a : b; }},
      {"Min", Min<float>, Min<half>, [](float a, float b) { return a < b ? a : b; }},
  };
  std::vector<float> x = randomFloats(kCount, 1), y = randomFloats(kCount, 2, 0.5f, 3.0f);
  for (const BinaryCase &c : cases) {
    runOneBlock([&] {
      TPipe pipe;
      TBuf<TPosition::VECCALC> fb, hb;
      Operands<float> f = place<float>(pipe, fb);
      Operands<half> h = place<half>(pipe, hb);
      fill(f.a, x);
      fill(f.b, y);
      fill(h.a, x);
      fill(h.b, y);
      c.f(f.dst, f.a, f.b, kCount);
      c.h(h.dst, h.a, h.b, kCount);
      for (int i = 0; i < kCount; ++i) {
        EXPECT_EQ(f.dst.GetValue(i), c.ref(x[i], y[i])) << c.name << " float " << i;
        // The half inputs are x and y rounded; the result rounds once more.
        float ha = half(x[i]), hb2 = half(y[i]);
        EXPECT_EQ(static_cast<float>(h.dst.GetValue(i)), static_cast<float>(half(c.ref(ha, hb2)))) << c.name << " half " << i;
      }
    });
  }
}

TEST(ModelVectorOps, UnaryOpsMatchAPlainLoop) {
  using Unary = void (*)(const LocalTensor<float> &, const LocalTensor<float> &, int32_t);
  struct Case {
    const char *name;
    Unary f;
    std::function<float(float)> ref;
    float lo, hi;
  };
  std::vector<Case> cases = {
      {"Exp", Exp<float>, [](float v) { return std::exp(v); }, -4, 4},
      {"Ln", Ln<float>, [](float v) { return std::log(v); }, 0.01f, 9},
      {"Sqrt", Sqrt<float>, [](float v) { return std::sqrt(v); }, 0, 9},
      {"Rsqrt", Rsqrt<float>, [](float v) { return 1.0f / std::sqrt(v); }, 0.01f, 9},
      {"Abs", Abs<float>, [](float v) { return std::fabs(v); }, -4, 4},
      {"Relu", Relu<float>, [](float v) { return v > 0 ? v : 0.0f; }, -4, 4},
  };
  for (const Case &c : cases) {
    std::vector<float> x = randomFloats(kCount, 3, c.lo, c.hi);
    runOneBlock([&] {
      TPipe pipe;
      TBuf<TPosition::VECCALC> fb;
      Operands<float> f = place<float>(pipe, fb);
      fill(f.a, x);
      c.f(f.dst, f.a, kCount);
      for (int i = 0; i < kCount; ++i) EXPECT_EQ(f.dst.GetValue(i), c.ref(x[i])) << c.name << " " << i;
    });
  }
}

TEST(ModelVectorOps, HalfExpRoundsTheFloatResultOnce) {
  std::vector<float> x = randomFloats(kCount, 4, -3, 3);
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> hb;
    Operands<half> h = place<half>(pipe, hb);
    fill(h.a, x);
    Exp(h.dst, h.a, kCount);
    for (int i = 0; i < kCount; ++i)
      EXPECT_EQ(h.dst.GetValue(i).bits, half(std::exp(static_cast<float>(half(x[i])))).bits) << i;
  });
}

TEST(ModelVectorOps, ScalarOpsAndDuplicateMatchAPlainLoop) {
  std::vector<float> x = randomFloats(kCount, 5);
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> fb;
    Operands<float> f = place<float>(pipe, fb);
    fill(f.a, x);
    Adds(f.dst, f.a, 1.5f, kCount);
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(f.dst.GetValue(i), x[i] + 1.5f);
    Muls(f.dst, f.a, -2.0f, kCount);
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(f.dst.GetValue(i), x[i] * -2.0f);
    Maxs(f.dst, f.a, 0.25f, kCount);
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(f.dst.GetValue(i), std::max(x[i], 0.25f));
    Mins(f.dst, f.a, 0.25f, kCount);
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(f.dst.GetValue(i), std::min(x[i], 0.25f));
    // In place, on a count that ends inside a block: the rest stays.
    Duplicate(f.dst, 3.0f, kCount);
    Duplicate(f.dst, 8.0f, 13);
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(f.dst.GetValue(i), i < 13 ? 8.0f : 3.0f) << i;
    Adds(f.dst, f.dst, 1.0f, 13);
    EXPECT_EQ(f.dst.GetValue(12), 9.0f);
    EXPECT_EQ(f.dst.GetValue(13), 3.0f);
    // count == 0 does nothing.
    Adds(f.dst, f.dst, 100.0f, 0);
    EXPECT_EQ(f.dst.GetValue(0), 9.0f);
  });
}

TEST(ModelVectorOps, Int32ArithmeticIsExact) {
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> ib;
    Operands<int32_t> t = place<int32_t>(pipe, ib);
    for (int i = 0; i < kCount; ++i) {
      t.a.SetValue(i, 100000 * i - 7);
      t.b.SetValue(i, -3 * i);
    }
    Add(t.dst, t.a, t.b, kCount);
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(t.dst.GetValue(i), 100000 * i - 7 - 3 * i);
    Relu(t.dst, t.b, kCount);
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(t.dst.GetValue(i), 0);
    Muls(t.dst, t.a, 3, kCount);
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(t.dst.GetValue(i), 3 * (100000 * i - 7));
  });
}

}  // namespace
