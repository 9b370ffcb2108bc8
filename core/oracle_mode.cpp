#include "core/oracle_mode.h"

namespace kiln {

const char *oracleModeName(OracleMode mode) {
  switch (mode) {
    case OracleMode::kError: return "error";
    case OracleMode::kWarn: return "warn";
    case OracleMode::kOff: return "off";
  }
  return "?";
}

std::optional<OracleMode> parseOracleMode(std::string_view text) {
  for (OracleMode mode : {OracleMode::kError, OracleMode::kWarn, OracleMode::kOff})
    if (text == oracleModeName(mode)) return mode;
  return std::nullopt;
}

const char *oracleVerdictName(OracleVerdict verdict) {
  switch (verdict) {
    case OracleVerdict::kNotRun: return "";
    case OracleVerdict::kClean: return "clean";
    case OracleVerdict::kWarnings: return "warnings";
    case OracleVerdict::kErrors: return "errors";
    case OracleVerdict::kOff: return "off";
  }
  return "";
}

OracleVerdict parseOracleVerdict(std::string_view text) {
  for (OracleVerdict v : {OracleVerdict::kClean, OracleVerdict::kWarnings, OracleVerdict::kErrors, OracleVerdict::kOff})
    if (text == oracleVerdictName(v)) return v;
  return OracleVerdict::kNotRun;
}

}  // namespace kiln
