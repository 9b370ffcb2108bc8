// Host tensors for a model run: built from a kernel parameter's Tile IR type,
// filled with seeded random values, compared with the GPU harness's
// tolerances. MLIR-free.
#pragma once

#include <random>
#include <string>

#include "worker/reference/reference_executor.h"

namespace kiln::ascend::lower {

/// "memref<256x64xf32>" -> a zeroed tensor of that shape; false if not a memref type kiln knows.
bool tensorForType(const std::string &type, reference::HostTensor &out);

/// Uniform in [-1, 1] for floats, [-100, 100] for i32, as the GPU harness fills.
void fillRandom(reference::HostTensor &t, std::mt19937 &rng);

float elementValue(const reference::HostTensor &t, size_t i);

struct Comparison {
  double max_error = 0;
  size_t mismatches = 0;
};

/// f32: rel 1e-4 + abs 1e-5; f16/bf16: rel 1e-2 + abs 1e-3; i32 exact; two NaNs agree.
Comparison compareTensors(const reference::HostTensor &got, const reference::HostTensor &want);

}  // namespace kiln::ascend::lower
