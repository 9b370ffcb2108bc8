// What the PTO emitter tests share: a Tile IR source taken through what the
// Ascend backend does before emitting (load, inline helpers, the Ascend
// plan per kernel), the emit itself with its MLIR diagnostics collected,
// and the emitted text read back by kiln's own PTO front end.
#pragma once

#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/lower/pto/pto_emitter.h"
#include "worker/ir/module_loader.h"
#include "worker/oracle/pto/pto_frontend.h"
#include "worker/plan/planner.h"

namespace kiln::ascend::test {

struct Emitted {
  LoadedModule loaded;
  std::deque<plan::PlanResult> plans;  // deque: KernelToLower points into it
  std::vector<lower::KernelToLower> kernels;
  lower::PtoSource source;
  std::vector<Diagnostic> diagnostics;  // what the emitter reported
  std::string file;                     // the name the source was loaded under
};

AscendTarget target(const std::string &name);

/// Loads, inlines and plans `text` for `target`, then emits PTO at `level`.
/// Planning must succeed (the backend never emits for a failed plan).
Emitted emit(const std::string &name, const std::string &text, const AscendTarget &target, int level,
             const plan::PlannerConfig &config = {});
Emitted emitFile(const std::filesystem::path &file, const AscendTarget &target, int level,
                 const plan::PlannerConfig &config = {});

/// The PTO op names (`pto.tload`, ...) in `text`, in order.
std::vector<std::string> ptoOps(const std::string &text);

/// Every diagnostic of `read` and of the oracle on `device`, formatted.
std::string roundTripProblems(const oracle::PtoReadResult &read, const oracle::DeviceSpec &device);

/// The five Ascend targets.
const std::vector<std::string> &targetNames();

}  // namespace kiln::ascend::test
