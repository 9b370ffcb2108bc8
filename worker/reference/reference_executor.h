// The CPU reference executor: runs a Tile IR kernel on host tensors, one grid
// instance after another, with the exact numerics the GPU lowering must
// reproduce (see the semantics in worker/reference/tile_compute.h). It is
// the oracle that compiled kernels are compared against. MLIR-free, so tests
// and tools call it without compiling MLIR headers.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/diagnostic.h"
#include "worker/pipeline/frontend.h"

namespace kiln::reference {

enum class ElementType { kF32, kF16, kBF16, kI32 };

/// "f32", "f16", "bf16" or "i32", as Tile IR spells it.
const char *elementTypeName(ElementType type);
/// Bytes per element in a HostTensor: 4 or 2.
size_t elementSize(ElementType type);

/// A global tensor: row-major, little-endian; f16 and bf16 elements are
/// stored as their 16-bit patterns.
struct HostTensor {
  ElementType type = ElementType::kF32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;
};

/// One kernel argument, in parameter order: a tensor for a memref, a float
/// for f32, an int32_t for i32, an int64_t for index.
using KernelArg = std::variant<HostTensor *, float, int32_t, int64_t>;

struct ReferenceConfig {
  FrontendConfig frontend;
  /// Nested func.call frames allowed below the kernel.
  unsigned max_call_depth = 64;
  /// Ops executed over the whole run (all instances), so that a pathological
  /// loop ends with an error instead of hanging the caller.
  uint64_t max_executed_ops = 50'000'000;
  /// Element operations over the whole run (a matmul counts M*N*K): the
  /// same guard for loops over large tiles.
  uint64_t max_element_work = uint64_t{8} << 30;
  /// Elements in one tile value; larger tiles are an error, not an
  /// allocation failure.
  int64_t max_tile_elements = int64_t{1} << 26;
};

struct ReferenceResult {
  std::vector<Diagnostic> diagnostics;
  /// Grid instances that ran to completion.
  uint64_t instances_run = 0;
  bool ok() const { return !hasErrors(diagnostics); }
};

/// Parses and verifies `source`, binds `args` to the parameters of kernel
/// `kernel` and runs every instance of its grid in row-major order, writing
/// into the HostTensors. Every failure (bad source, argument mismatch, run-time
/// error) comes back as a diagnostic; instances after an error do not run.
ReferenceResult runKernel(const SourceFile &source, const std::string &kernel,
                          std::vector<KernelArg> &args, const ReferenceConfig &config = {});

}  // namespace kiln::reference
