// vec_add.mlir: z = x + y, exact.
#include <gtest/gtest.h>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

TEST(VecAddExample, AddsExactly) {
  const size_t n = 4096;
  auto x = randomFloats(n, 1, -100.0f, 100.0f);
  auto y = randomFloats(n, 2, -100.0f, 100.0f);
  HostTensor tx = floatTensor(ElementType::kF32, {4096}, x);
  HostTensor ty = floatTensor(ElementType::kF32, {4096}, y);
  HostTensor tz = poisonedTensor(ElementType::kF32, {4096});
  std::vector<KernelArg> args{&tx, &ty, &tz};

  ReferenceResult result = runKernel(exampleSource("vec_add"), "vec_add", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 16u);
  auto z = floatsOf(tz);
  for (size_t k = 0; k < n; ++k) ASSERT_EQ(z[k], x[k] + y[k]) << "element " << k;
  // The inputs are left alone.
  EXPECT_EQ(floatsOf(tx), x);
}

}  // namespace
}  // namespace kiln::reference::test
