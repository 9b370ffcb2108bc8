// half and bfloat16_t in kiln's model of the documented AscendC API:
// IEEE binary16 with round-to-nearest-even from float, and bf16 as the top
// half of a binary32.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "kernel_operator.h"

namespace {

TEST(ModelHalf, EveryFiniteHalfSurvivesARoundTripThroughFloat) {
  for (uint32_t b = 0; b < 0x10000; ++b) {
    half h = half::fromBits(static_cast<uint16_t>(b));
    float f = h;
    if (std::isnan(f)) continue;
    EXPECT_EQ(half(f).bits, b) << std::hex << b;
  }
}

TEST(ModelHalf, FloatToHalfRoundsToNearestTiesToEven) {
  const float ulp = std::ldexp(1.0f, -10);  // of half at 1.0
  EXPECT_EQ(half(1.0f).bits, 0x3c00);
  EXPECT_EQ(half(1.0f + ulp / 2).bits, 0x3c00);          // tie, 1.0 is even
  EXPECT_EQ(half(1.0f + 3 * ulp / 2).bits, 0x3c02);      // tie, 1+2ulp is even
  EXPECT_EQ(half(1.0f + ulp / 2 + ulp / 8).bits, 0x3c01);  // above the tie
  EXPECT_EQ(half(-2.0f).bits, 0xc000);
  EXPECT_EQ(half(65504.0f).bits, 0x7bff);
  EXPECT_EQ(half(65519.0f).bits, 0x7bff);
  EXPECT_EQ(half(65520.0f).bits, 0x7c00);  // tie between 65504 and 65536: even is infinity
  EXPECT_EQ(half(std::ldexp(1.0f, -14)).bits, 0x0400);  // smallest normal
  EXPECT_EQ(half(std::ldexp(1.0f, -24)).bits, 0x0001);  // smallest subnormal
  EXPECT_EQ(half(std::ldexp(1.0f, -25)).bits, 0x0000);  // tie with 0: even
  EXPECT_EQ(half(std::ldexp(1.5f, -25)).bits, 0x0001);
  EXPECT_TRUE(std::isnan(static_cast<float>(half(NAN))));
}

TEST(ModelHalf, Bf16KeepsTheTopHalfRoundedToNearestEven) {
  const float ulp = std::ldexp(1.0f, -7);
  EXPECT_EQ(bfloat16_t(1.0f).bits, 0x3f80);
  EXPECT_EQ(bfloat16_t(1.0f + ulp / 2).bits, 0x3f80);
  EXPECT_EQ(bfloat16_t(1.0f + 3 * ulp / 2).bits, 0x3f82);
  EXPECT_EQ(static_cast<float>(bfloat16_t::fromBits(0x4049)), 3.140625f);
}

TEST(ModelHalf, ArithmeticHappensInFloatAndRoundsWhenStored) {
  half a = 1.0f, b = std::ldexp(1.0f, -11);
  half sum = a + b;  // float 1 + 2^-11 rounds back to 1
  EXPECT_EQ(sum.bits, 0x3c00);
  EXPECT_EQ(static_cast<float>(a) + static_cast<float>(b), 1.0f + std::ldexp(1.0f, -11));
}

}  // namespace
