// How kiln-ptxas shows a compile's diagnostics on stderr: ptxas's own
// errors and warnings back in ptxas's shape, so that a producer that shows
// or parses ptxas's log sees what ptxas would have printed, and everything
// kiln found (the PTX oracle, kilnd) compiler-style with the source line.
//
//   ptxas gemm.ptx, line 35; error   : Unknown symbol '%r9'
//   ptxas fatal   : Ptx assembly aborted due to errors
//   shared_oob.ptx:41:2: error: [oracle.constant-oob] ...
//
// ptxas's info lines are not diagnostics here: -v prints the tool log.
// kiln's Diagnostic keeps no "fatal" apart from "error", so a ptxas error
// without a line is shown as ptxas shows nearly all of those: "fatal".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace kiln::ptxas {

/// One ptxas diagnostic as ptxas printed it; "" for its info lines (remarks).
std::string ptxasLine(const Diagnostic &diagnostic);

/// Every error and warning, in order: ptxas's through ptxasLine, the rest
/// through core's formatDiagnostic (the kiln CLI's printer) with the line of
/// `source` they point at.
std::string formatDiagnostics(const std::vector<Diagnostic> &diagnostics, std::string_view source);

}  // namespace kiln::ptxas
