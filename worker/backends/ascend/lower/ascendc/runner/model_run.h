// Runs the AscendC kiln emits for a Tile IR module on kiln's AscendC CPU
// model (kiln's model of the documented AscendC API, written from the
// public docs: not CANN, not a simulator of the chip) and compares every
// tensor with the CPU reference executor. One implementation, used by the
// kiln-ascendc-model-run tool and by the tests:
//   plan (AscendPlacement::kInitBufferOrder) -> emitAscendC -> write the
//   source and a generated main() to a temp dir -> g++ against the model ->
//   run every grid point with the target's capacities and seeded random
//   inputs (files; a mixed kernel split into phases runs them in order,
//   each over the grid, as launch.json says) -> compare with reference::runKernel on the same inputs,
//   with the GPU harness's tolerances (f32 rel 1e-4 abs 1e-5; f16/bf16
//   rel 1e-2 abs 1e-3; i32 exact).
// The generated main() also reports where each buffer landed (InitBuffer,
// per memory), and the run fails unless that is the plan's placement.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "worker/backends/ascend/lower/ascendc/ascendc_emitter.h"

namespace kiln::ascend::lower {

enum class ModelRunStatus {
  kPass,          // every kernel ran on the model and matched the reference
  kMismatch,      // an output differs from the reference
  kModelError,    // the model stopped the kernel (a broken rule), or the placement differs from the plan
  kLocatedError,  // kiln refused the kernel with located diagnostics (capacity, mixed cores, unsupported)
  kBadInput,      // unreadable file, unknown target or kernel, a source the front end rejects
  kCompileError,  // g++ rejected the emitted code (a kiln bug)
};
const char *modelRunStatusName(ModelRunStatus status);

/// "deque-empty", "queue-overfill", "use-after-free", "over-capacity",
/// "unaligned-start", "short-copy" -> the PlantedBug; false if none.
bool parsePlantedBug(const std::string &name, PlantedBug &bug);

struct TensorReport {
  std::string param;      // "arg2"
  bool written = false;   // the kernel stores to it
  double max_error = 0;   // |model - reference|, largest over the tensor
  size_t mismatches = 0;  // elements outside the tolerance
};

struct KernelRun {
  std::string kernel;
  ModelRunStatus status = ModelRunStatus::kPass;
  std::string message;  // the model's or the compiler's text, when not kPass
  std::vector<TensorReport> tensors;
};

struct ModelRunOptions {
  std::string target;       // "ascend910b2", ...
  std::string kernel;       // only this kernel; empty: every kernel of the module
  AscendCOptions emit;      // planted bugs, for the tests
  bool unchecked = false;   // compile with -DKILN_ASCEND_MODEL_UNCHECKED (the model's checks off)
  uint32_t seed = 1234;
  bool keep_files = false;  // leave the temp dir (its path is in ModelRunResult::work_dir)
  // Test-only: plan with the default liveness placement, which the emitter
  // must refuse ([ascend.plan-mismatch]) rather than place tiles elsewhere.
  bool liveness_plan = false;
};

struct ModelRunResult {
  ModelRunStatus status = ModelRunStatus::kPass;  // the worst over the kernels
  std::vector<Diagnostic> diagnostics;             // located errors (kLocatedError, kBadInput)
  std::vector<KernelRun> kernels;
  std::string source;    // the emitted AscendC, when emitting succeeded
  std::string work_dir;  // where it was compiled (removed unless keep_files)
};

ModelRunResult runOnModel(const SourceFile &file, const ModelRunOptions &options);

}  // namespace kiln::ascend::lower
