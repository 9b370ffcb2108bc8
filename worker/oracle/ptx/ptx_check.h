// The whole PTX oracle over one source: read it, then every check on every
// entry against the target's limits. `kiln check FILE.ptx` prints this; a
// PTX compile runs it before ptxas and applies the request's oracle mode to
// the findings (never to the read errors: malformed PTX is not a finding).
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "worker/oracle/device/device_spec.h"

namespace kiln::oracle {

struct PtxCheck {
  std::vector<Diagnostic> read_errors;  // the text is not PTX kiln can read
  std::vector<Diagnostic> findings;     // [oracle.*]: errors and warnings
  std::vector<std::string> entries;     // .entry names, in text order
};

PtxCheck checkPtxSource(const SourceFile &source, const DeviceSpec &device);

}  // namespace kiln::oracle
