#include "tests/support/expected_diagnostics.h"

#include <regex>
#include <sstream>

namespace kiln::test {

std::vector<Chunk> splitInputFile(const std::string &text) {
  std::vector<Chunk> chunks;
  std::istringstream in(text);
  std::string line, current;
  unsigned lineNo = 0, first = 1;
  auto flush = [&] {
    chunks.push_back({std::string(first - 1, '\n') + current, first});
    current.clear();
  };
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.rfind("// -----", 0) == 0) {
      flush();
      first = lineNo + 1;
      continue;
    }
    current += line + "\n";
  }
  flush();
  return chunks;
}

std::vector<Expectation> parseExpectations(const std::string &text) {
  static const std::regex pattern(R"(expected-(error|warning|note)(@([+-])(\d+))?\s*\{\{(.*)\}\})");
  std::vector<Expectation> out;
  std::istringstream in(text);
  std::string line;
  unsigned lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    std::smatch m;
    if (!std::regex_search(line, m, pattern)) continue;
    int offset = m[2].matched ? std::stoi(m[4]) * (m[3] == "-" ? -1 : 1) : 0;
    out.push_back({m[1] == "error" ? Severity::kError : m[1] == "warning" ? Severity::kWarning : Severity::kNote,
                   static_cast<unsigned>(static_cast<int>(lineNo) + offset), m[5]});
  }
  return out;
}

namespace {
void flatten(const Diagnostic &d, std::vector<const Diagnostic *> &all) {
  all.push_back(&d);
  for (const Diagnostic &note : d.notes) flatten(note, all);
}
}  // namespace

std::string checkExpectations(const std::vector<Expectation> &expected,
                              const std::vector<Diagnostic> &reported) {
  std::vector<const Diagnostic *> all;
  for (const Diagnostic &d : reported) flatten(d, all);
  std::vector<bool> used(all.size(), false);
  std::string problems;
  for (const Expectation &e : expected) {
    bool found = false;
    for (size_t i = 0; i < all.size() && !found; ++i) {
      if (used[i] || all[i]->severity != e.severity || all[i]->line != e.line ||
          all[i]->message.find(e.message) == std::string::npos)
        continue;
      used[i] = found = true;
    }
    if (!found)
      problems += "expected " + std::string(severityName(e.severity)) + " on line " +
                  std::to_string(e.line) + " not reported: " + e.message + "\n";
  }
  for (size_t i = 0; i < all.size(); ++i)
    if (!used[i] && (all[i]->severity == Severity::kError || all[i]->severity == Severity::kWarning))
      problems += "unexpected " + formatHeadline(*all[i]) + "\n";
  return problems;
}

}  // namespace kiln::test
