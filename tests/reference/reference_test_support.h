// Helpers of the reference executor's tests: example sources, seeded random
// tensors, decoding results, and locating an op in a test kernel's text.
// Everything here is written independently of the executor's own code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "worker/pipeline/frontend.h"
#include "worker/reference/reference_executor.h"

namespace kiln::reference::test {

/// The example whose file name is `stem`.mlir, from ../shared/examples or
/// examples/; records a test failure and returns an empty source if absent.
SourceFile exampleSource(const std::string &stem);

/// Every example's file stem, shared ones first.
std::vector<std::string> exampleStems();

/// Uniform floats in [lo, hi), the same for the same seed.
std::vector<float> randomFloats(size_t count, uint32_t seed, float lo, float hi);
std::vector<int32_t> randomInts(size_t count, uint32_t seed, int32_t lo, int32_t hi);

/// A tensor of `type` holding `values` (rounded to f16/bf16 when needed).
HostTensor floatTensor(ElementType type, std::vector<int64_t> shape, const std::vector<float> &values);
HostTensor intTensor(std::vector<int64_t> shape, const std::vector<int32_t> &values);
/// A tensor of `type` and `shape` filled with a byte pattern that decodes to
/// NaN (floats) or a recognizable integer, so untouched outputs stand out.
HostTensor poisonedTensor(ElementType type, std::vector<int64_t> shape);

std::vector<float> floatsOf(const HostTensor &tensor);
std::vector<int32_t> intsOf(const HostTensor &tensor);

/// Every diagnostic with its notes, for failure messages.
std::string describe(const std::vector<Diagnostic> &diagnostics);

/// 1-based line and column of the first occurrence of `needle` in `text`.
struct Position {
  unsigned line = 0;
  unsigned column = 0;
};
Position positionOf(const std::string &text, const std::string &needle);

/// |got - want| <= rel * max(|want|, 1): relative for large values, absolute
/// near zero.
bool close(double got, double want, double rel);

}  // namespace kiln::reference::test
