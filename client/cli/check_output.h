// How `kiln check` reports: SARIF 2.1.0 for CI code scanning (one result per
// finding, its notes as related locations, the rule id from "[code]").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace kiln::cli {

/// "[oracle.capacity] ..." -> "oracle.capacity"; "oracle.input" otherwise
/// (a parse error in the input itself).
std::string ruleOf(const Diagnostic &d);

nlohmann::json toSarif(const std::vector<Diagnostic> &diagnostics);

}  // namespace kiln::cli
