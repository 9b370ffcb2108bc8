// What the safety oracle's findings do to a compile, and what it concluded.
// Value types only: the oracle itself lives in worker/oracle/ (applyMode in
// worker/oracle/checks/plan_oracle.h).
#pragma once

#include <optional>
#include <string_view>

namespace kiln {

/// `error` fails the compile on a finding, `warn` attaches the findings as
/// warnings and still produces the artifacts, `off` skips the oracle.
enum class OracleMode { kError, kWarn, kOff };

const char *oracleModeName(OracleMode mode);  // "error", "warn", "off"
std::optional<OracleMode> parseOracleMode(std::string_view text);

/// What a compile's oracle run found. kNotRun: the compile stopped before
/// the oracle (invalid IR), or the result predates it.
enum class OracleVerdict { kNotRun, kClean, kWarnings, kErrors, kOff };

const char *oracleVerdictName(OracleVerdict verdict);  // "", "clean", "warnings", "errors", "off"
/// The verdict a name means; an unknown name (from a newer peer) is kNotRun.
OracleVerdict parseOracleVerdict(std::string_view text);

}  // namespace kiln
