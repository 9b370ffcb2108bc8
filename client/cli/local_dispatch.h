// How the thin kiln reaches kiln-local: commands that run the pipeline in
// process are passed on whole, argv unchanged, as ccache hands a command to
// the real compiler.
#pragma once

namespace kiln::cli {

// True for verify, digest, cache, and compile --local.
bool needsLocalBinary(int argc, char **argv);

// Replaces this process with kiln-local from kiln's own folder. Returns
// only on failure, with the exit code after printing why.
int execLocalBinary(char **argv);

}  // namespace kiln::cli
