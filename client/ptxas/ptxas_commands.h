// kiln-ptxas's two calls to kilnd, each returning the exit status
// (ptxas_exit_codes.h): assembling the input, and --version.
#pragma once

#include <string>

#include "client/ptxas/ptxas_flags.h"

namespace kiln::ptxas {

/// Reads command.input, compiles it on kilnd (IR_KIND_PTX, emit cubin, the
/// ptxas options), writes the cubin to command.output through a temporary
/// file in the same folder, and prints what ptxas would on stderr (with -v,
/// the tool log). Nothing is written unless the compile succeeded.
int runAssemble(const PtxasCommand &command);

/// Prints the version block of the ptxas kilnd's workers run (Status RPC,
/// toolchains named "ptxas") on stdout; an error and a non-zero status when
/// kilnd is unreachable or no worker has ptxas.
int runVersion(const PtxasCommand &command, const std::string &kiln_version);

}  // namespace kiln::ptxas
