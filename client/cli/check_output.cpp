#include "client/cli/check_output.h"

#include <algorithm>
#include <set>

namespace kiln::cli {
namespace {

nlohmann::json sarifLocation(const Diagnostic &d) {
  return {{"physicalLocation",
           {{"artifactLocation", {{"uri", d.file}}},
            {"region", {{"startLine", std::max(1u, d.line)}, {"startColumn", std::max(1u, d.column)}}}}}};
}

const char *sarifLevel(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    default: return "note";
  }
}

}  // namespace

std::string ruleOf(const Diagnostic &d) {
  if (d.message.size() > 2 && d.message[0] == '[' && d.message.find(']') != std::string::npos)
    return d.message.substr(1, d.message.find(']') - 1);
  return "oracle.input";
}

nlohmann::json toSarif(const std::vector<Diagnostic> &diagnostics) {
  nlohmann::json results = nlohmann::json::array();
  std::set<std::string> rules;
  for (const Diagnostic &d : diagnostics) {
    nlohmann::json related = nlohmann::json::array();
    for (const Diagnostic &note : d.notes) {
      nlohmann::json location = sarifLocation(note);
      location["message"] = {{"text", note.message}};
      related.push_back(location);
    }
    rules.insert(ruleOf(d));
    results.push_back({{"ruleId", ruleOf(d)},
                       {"level", sarifLevel(d.severity)},
                       {"message", {{"text", d.message}}},
                       {"locations", {sarifLocation(d)}},
                       {"relatedLocations", related}});
  }
  nlohmann::json ruleList = nlohmann::json::array();
  for (const std::string &rule : rules) ruleList.push_back({{"id", rule}});
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           {{{"tool", {{"driver", {{"name", "kiln-oracle"}, {"informationUri", "https://example.invalid/kiln"},
                                   {"rules", ruleList}}}}},
             {"results", results}}}}};
}

}  // namespace kiln::cli
