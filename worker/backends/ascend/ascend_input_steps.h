// The steps both Ascend source inputs (AscendC C++, PTO-MLIR) begin with:
// the one emit kind the input makes, then the target with the worker's
// device overrides applied. Each appends its refusal to `result`.
#pragma once

#include <optional>

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/ascend_toolchains.h"

namespace kiln::ascend {

/// False (refused) unless every emit kind asked for is `only`; `how` says
/// what makes it ("an AscendC C++ input is compiled by bisheng").
bool asksOnlyFor(const CompileRequest &request, Emit only, const char *how, CompileResult &result);

std::optional<AscendTarget> inputTarget(const CompileRequest &request, const Toolchains &env, CompileResult &result);

}  // namespace kiln::ascend
