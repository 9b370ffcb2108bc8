// How the Tile IR front end treats its input: the raw-text guards and
// whether a module must hold a kernel. MLIR-free, so kilnd and the CLI can
// hold one (worker/pipeline/frontend.h) without MLIR headers.
#pragma once

#include "worker/ir/input_guard.h"

namespace kiln {

struct FrontendConfig {
  InputLimits limits;
  // A module without a kernel has nothing to compile; say so instead of
  // accepting e.g. an empty file as a valid, empty module.
  bool require_kernel = true;
};

}  // namespace kiln
