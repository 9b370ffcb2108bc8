// f16 and bf16 conversions, checked exhaustively over all 16-bit patterns and
// against an independent nearest-value search for rounding.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "worker/reference/float_formats.h"

namespace kiln::reference {
namespace {

/// The value of a half pattern from the IEEE definition, independent of
/// halfToFloat.
double halfValue(uint16_t h) {
  int sign = h >> 15, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
  double magnitude = exponent == 0 ? std::ldexp(mantissa, -24) : std::ldexp(1024 + mantissa, exponent - 25);
  return sign ? -magnitude : magnitude;
}

TEST(HalfTest, EveryPatternRoundTripsBitExactly) {
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    auto bits = static_cast<uint16_t>(h);
    ASSERT_EQ(floatToHalf(halfToFloat(bits)), bits) << std::hex << h;
  }
}

TEST(HalfTest, DecodesEveryFinitePatternToItsValue) {
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    auto bits = static_cast<uint16_t>(h);
    if (((h >> 10) & 0x1F) == 0x1F) continue;
    ASSERT_EQ(static_cast<double>(halfToFloat(bits)), halfValue(bits)) << std::hex << h;
    ASSERT_EQ(std::signbit(halfToFloat(bits)), (h & 0x8000) != 0) << std::hex << h;
  }
}

TEST(HalfTest, SpecialValues) {
  EXPECT_EQ(halfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(halfToFloat(0x7BFF), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(halfToFloat(0x7C00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(halfToFloat(0xFC00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(halfToFloat(0x7E00)));
  EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(floatToHalf(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(floatToHalf(1e10f), 0x7C00);
  EXPECT_EQ(floatToHalf(-1e10f), 0xFC00);
  EXPECT_EQ(floatToHalf(65519.99f), 0x7BFF);
  EXPECT_EQ(floatToHalf(65520.0f), 0x7C00);  // the tie goes to the even infinity
  EXPECT_EQ(floatToHalf(std::numeric_limits<float>::denorm_min()), 0x0000);
  EXPECT_EQ(floatToHalf(-std::numeric_limits<float>::denorm_min()), 0x8000);
  EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -25)), 0x0000);                        // tie to even 0
  EXPECT_EQ(floatToHalf(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001);  // above the tie
  EXPECT_EQ(floatToHalf(std::ldexp(3.0f, -25)), 0x0002);                        // tie to even 2
  EXPECT_EQ(floatToHalf(std::ldexp(1023.5f, -24)), 0x0400);  // largest subnormal rounds to normal
}

TEST(HalfTest, NanStaysNanWithItsSign) {
  for (uint32_t payload : {0x1u, 0xFFFu, 0x1000u, 0x400000u, 0x7FFFFFu}) {
    for (uint32_t sign : {0u, 0x80000000u}) {
      float nan = std::bit_cast<float>(sign | 0x7F800000u | payload);
      uint16_t h = floatToHalf(nan);
      EXPECT_EQ(h & 0x7C00, 0x7C00) << payload;
      EXPECT_NE(h & 0x3FF, 0) << payload;
      EXPECT_EQ((h & 0x8000) != 0, sign != 0);
    }
  }
}

TEST(HalfTest, TiesBetweenEveryPairOfNeighboursGoToEven) {
  // Each midpoint of two adjacent finite halves is exact in f32.
  for (uint16_t h = 0; h < 0x7BFF; ++h) {
    for (uint16_t sign : {uint16_t{0}, uint16_t{0x8000}}) {
      float lo = halfToFloat(h | sign), hi = halfToFloat(static_cast<uint16_t>((h + 1) | sign));
      float mid = static_cast<float>((static_cast<double>(lo) + hi) / 2);
      ASSERT_EQ(static_cast<double>(mid), (static_cast<double>(lo) + hi) / 2);
      uint16_t even = (h & 1) ? static_cast<uint16_t>(h + 1) : h;
      ASSERT_EQ(floatToHalf(mid), even | sign) << std::hex << h;
      ASSERT_EQ(floatToHalf(std::nextafter(mid, hi)), (h + 1) | sign) << std::hex << h;
      ASSERT_EQ(floatToHalf(std::nextafter(mid, lo)), h | sign) << std::hex << h;
    }
  }
}

TEST(HalfTest, RandomFloatsRoundToTheNearestHalf) {
  // Every finite non-negative half, sorted by value, for a nearest search.
  std::vector<std::pair<double, uint16_t>> table;
  for (uint16_t h = 0; h <= 0x7BFF; ++h) table.push_back({halfValue(h), h});
  std::mt19937 rng(1234);
  for (int n = 0; n < 200000; ++n) {
    // Exponents around half's range, where the interesting cases live.
    float x = std::ldexp(1.0f + static_cast<float>(rng() >> 9) * 0x1.0p-23f,
                         static_cast<int>(rng() % 48) - 32);
    auto above = std::lower_bound(table.begin(), table.end(), std::make_pair(double{x}, uint16_t{0}));
    uint16_t want;
    if (above == table.end()) {
      // Past 65504: infinity from the midpoint to the next binade on.
      want = x >= 65520.0f ? 0x7C00 : 0x7BFF;
    } else if (above->first == x || above == table.begin()) {
      want = above->second;
    } else {
      auto below = above - 1;
      double dUp = above->first - x, dDown = x - below->first;
      want = dUp < dDown ? above->second : dDown < dUp ? below->second
                                                       : ((below->second & 1) ? above->second : below->second);
    }
    ASSERT_EQ(floatToHalf(x), want) << x;
    ASSERT_EQ(floatToHalf(-x), want | 0x8000) << x;
  }
}

TEST(BFloat16Test, EveryPatternRoundTripsBitExactly) {
  for (uint32_t b = 0; b <= 0xFFFF; ++b) {
    auto bits = static_cast<uint16_t>(b);
    ASSERT_EQ(floatToBFloat16(bfloat16ToFloat(bits)), bits) << std::hex << b;
    ASSERT_EQ(std::bit_cast<uint32_t>(bfloat16ToFloat(bits)), b << 16);
  }
}

TEST(BFloat16Test, RoundsToNearestEvenOnEveryPattern) {
  for (uint32_t top = 0; top <= 0xFFFF; ++top) {
    if ((top & 0x7F80) == 0x7F80) continue;  // inf and NaN
    uint32_t base = top << 16;
    uint32_t next = top + 1;  // a carry into the exponent is the right answer
    ASSERT_EQ(floatToBFloat16(std::bit_cast<float>(base | 0x7FFF)), top);
    ASSERT_EQ(floatToBFloat16(std::bit_cast<float>(base | 0x8001)), next & 0xFFFF);
    ASSERT_EQ(floatToBFloat16(std::bit_cast<float>(base | 0x8000)), (top & 1) ? next & 0xFFFF : top);
  }
}

TEST(BFloat16Test, NanStaysNanAndOverflowGoesToInfinity) {
  for (uint32_t payload : {0x1u, 0x7FFFu, 0x10000u, 0x400000u}) {
    uint16_t b = floatToBFloat16(std::bit_cast<float>(0xFF800000u | payload));
    EXPECT_TRUE(std::isnan(bfloat16ToFloat(b))) << payload;
    EXPECT_EQ(b & 0x8000, 0x8000);
  }
  EXPECT_EQ(floatToBFloat16(std::numeric_limits<float>::max()), 0x7F80);
  EXPECT_EQ(floatToBFloat16(-std::numeric_limits<float>::infinity()), 0xFF80);
  EXPECT_EQ(floatToBFloat16(1.0f), 0x3F80);
}

}  // namespace
}  // namespace kiln::reference
