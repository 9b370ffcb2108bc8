#include "core/diagnostic.h"

#include <algorithm>

namespace kiln {
namespace {

void appendSnippet(std::string &out, const Diagnostic &d, std::string_view source) {
  if (source.empty() || d.line == 0) return;
  std::string_view text = sourceLine(source, d.line);
  // A snippet of a huge or binary line helps nobody; the headline suffices.
  constexpr size_t kMaxSnippet = 240;
  if (text.empty() || text.size() > kMaxSnippet ||
      std::any_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 && c != '\t';
      }))
    return;
  out += "  ";
  out += text;
  out += "\n  ";
  for (unsigned i = 1; i < d.column && i <= text.size(); ++i) out += text[i - 1] == '\t' ? '\t' : ' ';
  out += "^\n";
}

}  // namespace

std::string_view sourceLine(std::string_view source, unsigned line) {
  size_t start = 0;
  for (unsigned current = 1; current < line; ++current) {
    size_t newline = source.find('\n', start);
    if (newline == std::string_view::npos) return {};
    start = newline + 1;
  }
  size_t end = source.find('\n', start);
  std::string_view text = source.substr(start, end == std::string_view::npos ? end : end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

const char *severityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
    case Severity::kRemark: return "remark";
  }
  return "error";
}

bool hasErrors(const std::vector<Diagnostic> &diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic &d) { return d.severity == Severity::kError; });
}

std::string formatHeadline(const Diagnostic &d) {
  std::string out;
  if (!d.file.empty()) {
    out += d.file;
    if (d.line != 0) {
      out += ":" + std::to_string(d.line);
      if (d.column != 0) out += ":" + std::to_string(d.column);
    }
    out += ": ";
  } else if (!d.tool.empty()) {
    out += d.tool + ": ";
  }
  out += severityName(d.severity);
  out += ": ";
  out += d.message;
  return out;
}

std::string formatDiagnostic(const Diagnostic &d, std::string_view source) {
  std::string out = formatHeadline(d) + "\n";
  appendSnippet(out, d, source);
  for (const Diagnostic &note : d.notes)
    out += formatDiagnostic(note, note.file == d.file ? source : std::string_view{});
  return out;
}

namespace {

void confine(Diagnostic &d, std::string_view file, std::string_view text, unsigned lines) {
  for (Diagnostic &note : d.notes) confine(note, file, text, lines);
  // 0:0 is a diagnostic about the whole file (the input guard's size limit).
  if (d.file != file || (d.line == 0 && d.column == 0)) return;
  bool inside = d.line >= 1 && d.line <= lines && d.column <= sourceLine(text, d.line).size() + 1;
  if (inside) return;
  d.message += " [at " + d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) +
               " by a loc() in the source, outside the file]";
  d.file.clear();
  d.line = d.column = 0;
}

}  // namespace

void confineToSource(std::vector<Diagnostic> &diagnostics, std::string_view file, std::string_view text) {
  unsigned lines = 1;
  for (char c : text) lines += c == '\n';
  for (Diagnostic &d : diagnostics) confine(d, file, text, lines);
}

}  // namespace kiln
