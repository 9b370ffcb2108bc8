// `kiln compile a.mlir b.mlir ...`: every file through the one connection,
// up to --jobs in flight, each into -o/<stem>/ (so their launch.json stay
// apart). Progress on stderr: one line that updates on a terminal (done/
// total, hits, failures), a line per file otherwise. --json prints one
// array with each file's object. The exit status is the worst file's: a
// call that got no answer (3, 4, 5) over a failed compile (1).
#pragma once

#include <string>
#include <vector>

#include "client/cli/compile_options.h"
#include "client/cli/remote.h"

namespace kiln::cli {

int compileMany(const CompileOptions &options, const std::vector<std::string> &files, const RemoteOptions &remote,
                const LocalCompile &local);

}  // namespace kiln::cli
