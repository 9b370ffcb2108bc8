// `kiln compile --local`: the pipeline in this process, optionally through
// an artifact cache database (--cache). Linked only into kiln-local.
#pragma once

#include "client/cli/compile_options.h"

namespace kiln::cli {

CompileOutcome compileLocally(const CompileRequest &request, const CompileOptions &options);

}  // namespace kiln::cli
