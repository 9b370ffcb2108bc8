// What the tests of kiln's AscendC CPU model share: the 910B memory sizes
// (the CANN ini values of shared/notes/ascend-toolchain.md), a way to run
// a body as one block, and seeded random data.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "kernel_operator.h"

namespace kiln_model_test {

inline kiln_ascend_model::DeviceConfig ascend910b() {
  kiln_ascend_model::DeviceConfig c;
  c.ub = 196608;
  c.l1 = 524288;
  c.l0a = 65536;
  c.l0b = 65536;
  c.l0c = 131072;
  return c;
}

// Runs `body` as block 0 of 1 and fails the test with the model's message
// if a rule stopped it.
inline void runOneBlock(const std::function<void()> &body,
                        const kiln_ascend_model::DeviceConfig &config = ascend910b()) {
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(config, 1, body);
  ASSERT_TRUE(r.ok) << r.text();
}

// Runs `body` as one block and returns how it ended.
inline kiln_ascend_model::RunResult runExpectingStop(const std::function<void()> &body,
                                                     const kiln_ascend_model::DeviceConfig &config = ascend910b()) {
  return kiln_ascend_model::runBlocks(config, 1, body);
}

inline std::vector<float> randomFloats(size_t n, uint32_t seed, float lo = -4.0f, float hi = 4.0f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float &x : v) x = dist(gen);
  return v;
}

}  // namespace kiln_model_test
