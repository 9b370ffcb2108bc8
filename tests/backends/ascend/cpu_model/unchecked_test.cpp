// The planted bugs of planted_bugs.h with the model's checks compiled out
// (-DKILN_ASCEND_MODEL_UNCHECKED): every run ends "ok", the bug unnoticed,
// which is why kiln runs generated kernels with the checks on.
#include <gtest/gtest.h>

#include <vector>

#include "model_test_support.h"
#include "planted_bugs.h"

#ifndef KILN_ASCEND_MODEL_UNCHECKED
#error "this test is built with the checks compiled out"
#endif

using kiln_model_test::runExpectingStop;

namespace {

static_assert(!kiln_ascend_model::kChecked, "checks are off in this build");

TEST(ModelUnchecked, PlantedBugsGoUnnoticedWithoutTheChecks) {
  EXPECT_TRUE(runExpectingStop(kiln_planted::dequeEmpty).ok);
  EXPECT_TRUE(runExpectingStop(kiln_planted::enqueFull).ok);
  EXPECT_TRUE(runExpectingStop(kiln_planted::allocExhausted).ok);
  EXPECT_TRUE(runExpectingStop(kiln_planted::misalignedStart).ok);
}

// Use after free copies whatever the freed buffer holds: here still the
// 2.0s, so the output even looks right.
TEST(ModelUnchecked, UseAfterFreeCopiesTheStaleBuffer) {
  std::vector<float> out(64, 0.0f);
  kiln_ascend_model::RunResult r = runExpectingStop([&] { kiln_planted::useAfterFree(out); });
  EXPECT_TRUE(r.ok) << r.text();
  for (float v : out) EXPECT_EQ(v, 2.0f);
}

}  // namespace
