// Helpers shared by the PTO front end's tests: fixtures and locations.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/test_files.h"
#include "worker/oracle/pto/pto_frontend.h"

namespace kiln::oracle::pto_test {

using plan::Buffer;
using plan::KernelPlan;

inline std::string fixture(const std::string &name) {
  return test::readFile(test::sourceDir() / "tests" / "oracle" / "pto" / name);
}

inline PtoReadResult readFixture(const std::string &name) { return readPto(fixture(name), name); }

inline const Buffer &buffer(const KernelPlan &plan, const std::string &name) {
  for (const Buffer &b : plan.buffers)
    if (b.name == name) return b;
  ADD_FAILURE() << "no buffer " << name << " in @" << plan.kernel;
  static const Buffer none;
  return none;
}

inline int idOf(const KernelPlan &plan, const std::string &name) { return buffer(plan, name).id; }

inline std::string where(const Diagnostic &d) { return std::to_string(d.line) + ":" + std::to_string(d.column); }

inline std::string where(const plan::SourceLoc &loc) { return std::to_string(loc.line) + ":" + std::to_string(loc.column); }

// Every diagnostic as "line:col message", to compare a whole file's errors.
inline std::vector<std::string> located(const std::vector<Diagnostic> &diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic &d : diagnostics) out.push_back(where(d) + " " + d.message);
  return out;
}

inline std::string kernel(const std::string &body) {
  return "module {\n  func.func @k() {\n    %c0_i64 = arith.constant 0 : i64\n" + body + "    return\n  }\n}\n";
}

inline constexpr const char *kTile = "!pto.tile_buf<loc=vec, dtype=f16, rows=16, cols=16>";

}  // namespace kiln::oracle::pto_test
