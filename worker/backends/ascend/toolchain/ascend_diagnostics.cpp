#include "worker/backends/ascend/toolchain/ascend_diagnostics.h"

#include <cctype>
#include <optional>
#include <string>

namespace kiln::ascend {
namespace {

// Lines are matched by hand, not with std::regex, as nvidia_output_lines
// does: a hostile source can make a compiler echo very long lines.

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::optional<unsigned> wholeNumber(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value;
}

struct SeverityWord {
  std::string_view word;
  Severity severity;
};

constexpr SeverityWord kSeverities[] = {{"fatal error: ", Severity::kError},
                                        {"error: ", Severity::kError},
                                        {"warning: ", Severity::kWarning},
                                        {"note: ", Severity::kNote},
                                        {"remark: ", Severity::kRemark}};

struct Headline {
  Diagnostic diagnostic;  // file as printed
  bool from_program = false;  // "bisheng: error: ..." rather than a file
};

// `<location>: <severity>: <message>`, or `<severity>: <message>` alone.
std::optional<Headline> parseHeadline(std::string_view line) {
  for (const SeverityWord &w : kSeverities) {
    if (!startsWith(line, w.word)) continue;
    Headline h;
    h.diagnostic.severity = w.severity;
    h.diagnostic.message = std::string(trim(line.substr(w.word.size())));
    return h;
  }
  // The earliest ": <severity>: " on the line: a message may quote another.
  size_t best = std::string_view::npos;
  const SeverityWord *found = nullptr;
  for (const SeverityWord &w : kSeverities) {
    std::string needle = ": " + std::string(w.word);
    size_t at = line.find(needle);
    if (at != std::string_view::npos && at < best) {
      best = at;
      found = &w;
    }
  }
  if (found == nullptr || best == 0) return std::nullopt;
  std::string_view location = line.substr(0, best);
  Headline h;
  h.diagnostic.severity = found->severity;
  h.diagnostic.message = std::string(trim(line.substr(best + 2 + found->word.size())));
  // Up to two trailing ":<number>" parts: line, then column.
  std::optional<unsigned> numbers[2];
  int count = 0;
  while (count < 2) {
    size_t colon = location.rfind(':');
    if (colon == std::string_view::npos) break;
    std::optional<unsigned> number = wholeNumber(location.substr(colon + 1));
    if (!number) break;
    numbers[count++] = number;
    location = location.substr(0, colon);
  }
  if (count == 0) {
    // A program name (bisheng, clang-15, ld.lld, ptoas), not a file.
    if (location.find(' ') != std::string_view::npos || location.find('/') != std::string_view::npos)
      return std::nullopt;
    h.diagnostic.tool = std::string(location);
    h.from_program = true;
    return h;
  }
  // MLIR's `<unknown>:0: error:` has no place.
  if (location != "<unknown>") {
    h.diagnostic.file = std::string(location);
    h.diagnostic.line = count == 2 ? *numbers[1] : *numbers[0];
    h.diagnostic.column = count == 2 ? *numbers[0] : 0;
  }
  return h;
}

bool isNoise(std::string_view line) {
  if (line == "compilation terminated.") return true;
  size_t digits = 0;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  if (digits == 0) return false;
  // "2 errors generated.", "1 warning and 1 error generated."
  std::string_view rest = line.substr(digits);
  constexpr std::string_view kTail = " generated.";
  return (startsWith(rest, " error") || startsWith(rest, " warning")) && rest.size() > kTail.size() &&
         rest.substr(rest.size() - kTail.size()) == kTail;
}

class Parser {
 public:
  explicit Parser(const toolchain::ToolOutputContext &context) : context_(context) {}

  void line(std::string_view raw) {
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string_view text = trim(raw);
    if (text.empty()) {
      echoed_ = kEchoLines;  // a blank line ends the echo after a headline
      return;
    }
    if (isNoise(text)) return;
    if (startsWith(text, "In file included from ")) {
      includeNote(text.substr(22));
      return;
    }
    if (!pending_includes_.empty() && startsWith(text, "from ")) {
      includeNote(text.substr(5));
      return;
    }
    if (startsWith(text, "bwrap: ")) {
      Diagnostic d;
      d.tool = "kiln";
      d.message = "sandbox: " + context_.paths.rewrite(trim(text.substr(7)));
      push(std::move(d));
      return;
    }
    if (std::optional<Headline> h = parseHeadline(text)) {
      add(std::move(*h));
      return;
    }
    // Under a headline clang echoes the source line, the caret and maybe a
    // fix-it: a few lines, dropped; anything further is unrecognised.
    if (echoed_ < kEchoLines) {
      ++echoed_;
      return;
    }
    unparsed_.push_back(context_.paths.rewrite(text));
  }

  std::vector<Diagnostic> finish() {
    appendUnrecognised(out_, std::move(unparsed_), context_);
    return std::move(out_);
  }

 private:
  static constexpr int kEchoLines = 3;

  void add(Headline h) {
    Diagnostic &d = h.diagnostic;
    if (!h.from_program) d.tool = context_.tool;
    if (!d.file.empty()) d.file = context_.paths.logicalPath(d.file);
    d.message = context_.paths.rewrite(d.message);
    echoed_ = 0;
    // clang and MLIR print a note after the record it explains.
    if (d.severity == Severity::kNote && !out_.empty() && pending_includes_.empty()) {
      out_.back().notes.push_back(std::move(d));
      return;
    }
    push(std::move(d));
  }

  void push(Diagnostic d) {
    for (Diagnostic &note : pending_includes_) d.notes.push_back(std::move(note));
    pending_includes_.clear();
    out_.push_back(std::move(d));
  }

  // "In file included from kernel.cpp:1:" (then "from x.h:2:" lines): the
  // chain belongs to the diagnostic that follows it.
  void includeNote(std::string_view location) {
    while (!location.empty() && (location.back() == ':' || location.back() == ',')) location.remove_suffix(1);
    Diagnostic note;
    note.severity = Severity::kNote;
    note.tool = context_.tool;
    note.message = "included from here";
    size_t colon = location.rfind(':');
    std::optional<unsigned> number =
        colon == std::string_view::npos ? std::nullopt : wholeNumber(location.substr(colon + 1));
    if (number) {
      note.line = *number;
      location = location.substr(0, colon);
    }
    note.file = context_.paths.logicalPath(location);
    pending_includes_.push_back(std::move(note));
    echoed_ = kEchoLines;
  }

  const toolchain::ToolOutputContext &context_;
  std::vector<Diagnostic> out_;
  std::vector<Diagnostic> pending_includes_;
  std::vector<std::string> unparsed_;
  int echoed_ = kEchoLines;
};

}  // namespace

std::vector<Diagnostic> parseAscendOutput(std::string_view output, const toolchain::ToolOutputContext &context) {
  Parser parser(context);
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    parser.line(output.substr(start, end - start));
    start = end + 1;
  }
  return parser.finish();
}

}  // namespace kiln::ascend
