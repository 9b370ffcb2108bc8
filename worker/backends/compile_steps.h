// Small things every backend's compile and lowering do between stages:
// time a stage, make an unlocated error, pass a stage's diagnostics on.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace kiln::backends {

inline double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

inline Diagnostic plainError(std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  return d;
}

inline void append(std::vector<Diagnostic> &to, const std::vector<Diagnostic> &from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace kiln::backends
