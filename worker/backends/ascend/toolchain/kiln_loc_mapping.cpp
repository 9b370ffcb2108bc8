#include "worker/backends/ascend/toolchain/kiln_loc_mapping.h"

#include <algorithm>
#include <cctype>

namespace kiln::ascend {
namespace {

std::optional<unsigned> wholeNumber(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// "FILE:LINE:COL" or "FILE:LINE", read from the right: FILE may hold colons.
std::optional<KilnLoc> parseLocation(std::string_view text) {
  std::optional<unsigned> numbers[2];
  int count = 0;
  while (count < 2) {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) break;
    std::optional<unsigned> number = wholeNumber(text.substr(colon + 1));
    if (!number) break;
    numbers[count++] = number;
    text = text.substr(0, colon);
  }
  if (count == 0 || text.empty()) return std::nullopt;
  KilnLoc loc;
  loc.file = std::string(text);
  loc.line = count == 2 ? *numbers[1] : *numbers[0];
  loc.column = count == 2 ? *numbers[0] : 0;
  if (loc.line == 0) return std::nullopt;
  return loc;
}

bool namesGeneratedText(const Diagnostic &d) {
  return d.line > 0 && (d.file == kGeneratedCpp || d.file == kGeneratedPto);
}

bool alreadyMapped(const Diagnostic &d) {
  return std::any_of(d.notes.begin(), d.notes.end(),
                     [](const Diagnostic &n) { return n.message == kGeneratedPlaceNote; });
}

void mapOne(Diagnostic &d, const std::vector<KilnLoc> &markers) {
  if (alreadyMapped(d)) return;
  for (Diagnostic &note : d.notes) mapOne(note, markers);
  if (!namesGeneratedText(d)) return;
  // The last marker at or before the diagnostic's line.
  auto after = std::upper_bound(markers.begin(), markers.end(), d.line,
                                [](unsigned line, const KilnLoc &m) { return line < m.generated_line; });
  if (after == markers.begin()) return;
  const KilnLoc &loc = *(after - 1);
  Diagnostic generated;
  generated.severity = Severity::kNote;
  generated.tool = d.tool;
  generated.file = d.file;
  generated.line = d.line;
  generated.column = d.column;
  generated.message = std::string(kGeneratedPlaceNote);
  d.file = loc.file;
  d.line = loc.line;
  d.column = loc.column;
  d.notes.insert(d.notes.begin(), std::move(generated));
}

}  // namespace

std::vector<KilnLoc> kilnLocMarkers(std::string_view text) {
  std::vector<KilnLoc> markers;
  unsigned number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++number;
    std::string_view line = trimmed(text.substr(start, end - start));
    if (line.substr(0, kKilnLocMarker.size()) == kKilnLocMarker) {
      if (std::optional<KilnLoc> loc = parseLocation(trimmed(line.substr(kKilnLocMarker.size())))) {
        loc->generated_line = number;
        markers.push_back(std::move(*loc));
      }
    }
    start = end + 1;
  }
  return markers;
}

std::vector<Diagnostic> mapToSource(std::vector<Diagnostic> diagnostics, std::string_view generated_text) {
  std::vector<KilnLoc> markers = kilnLocMarkers(generated_text);
  if (markers.empty()) return diagnostics;
  for (Diagnostic &d : diagnostics) mapOne(d, markers);
  return diagnostics;
}

std::vector<Diagnostic> renameToSource(std::vector<Diagnostic> diagnostics, std::string_view work_name,
                                       const std::string &source_name) {
  for (Diagnostic &d : diagnostics) {
    if (d.file == work_name) d.file = source_name;
    d.notes = renameToSource(std::move(d.notes), work_name, source_name);
  }
  return diagnostics;
}

}  // namespace kiln::ascend
