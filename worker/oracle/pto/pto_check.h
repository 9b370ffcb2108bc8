// The whole PTO oracle over one PTO-MLIR source: read every func.func into
// a plan, then checkPlan on the target's device. `kiln check FILE.pto`
// prints this; a PTO compile runs it before ptoas and applies the request's
// oracle mode to the findings (never to the read errors).
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "worker/oracle/device/device_spec.h"
#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

struct PtoCheck {
  std::vector<Diagnostic> read_errors;  // the text is not PTO kiln can read
  std::vector<Diagnostic> findings;     // [oracle.*]: errors and warnings
  std::vector<plan::KernelPlan> plans;  // one per func.func, in text order
};

PtoCheck checkPtoSource(const SourceFile &source, const DeviceSpec &device);

}  // namespace kiln::oracle
