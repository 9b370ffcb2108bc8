#include "worker/backends/nvidia/toolchain/nvidia_diagnostics.h"

#include <cctype>
#include <optional>

#include "worker/backends/nvidia/toolchain/nvidia_output_lines.h"

namespace kiln::nvidia {
using namespace kiln::toolchain;
namespace {

using namespace nvidia_lines;

// `detected during instantiation of "T f(T) [with T=float]" at line 2`,
// or one step of a longer chain under "detected during:".
std::optional<Diagnostic> instantiationNote(std::string_view text, const Diagnostic &owner) {
  size_t at = text.rfind(" at line ");
  if (at == std::string_view::npos) return std::nullopt;
  size_t pos = at + 9;
  std::optional<unsigned> number = readNumber(text, pos);
  if (!number) return std::nullopt;
  std::string_view rest = text.substr(pos);
  if (!rest.empty() && !startsWith(rest, " of ")) return std::nullopt;
  Diagnostic note;
  note.severity = Severity::kNote;
  note.tool = owner.tool;
  note.file = rest.empty() ? owner.file : std::string(trim(rest.substr(4)));
  note.line = *number;
  note.message = std::string(text.substr(0, at));
  return note;
}

class Parser {
 public:
  explicit Parser(const toolchain::ToolOutputContext &context) : context_(context) {}

  void line(std::string_view raw) {
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string_view text = trim(raw);
    if (text.empty()) {
      current_ = kNone;
      context_line_.reset();
      return;
    }
    if (std::isspace(static_cast<unsigned char>(raw.front()))) {
      continuation(raw, text);
      return;
    }
    if (isNoise(text)) return;
    if (startsWith(text, "In file included from ")) {
      includeNote(text.substr(22));
      return;
    }
    std::optional<Parsed> parsed = parsePtxas(text);
    if (!parsed) parsed = parseDriver(text);
    if (!parsed) parsed = parseCudafe(text);
    if (!parsed) parsed = parseHostCompiler(text);
    if (!parsed) {
      unparsed_.push_back(context_.paths.rewrite(text));
      current_ = kNone;
      return;
    }
    add(std::move(*parsed));
  }

  std::vector<Diagnostic> finish() {
    appendUnrecognised(out_, std::move(unparsed_), context_);
    return std::move(out_);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  void add(Parsed parsed) {
    Diagnostic &d = parsed.diagnostic;
    if (parsed.origin == Origin::kCudafe || parsed.origin == Origin::kHostCompiler) d.tool = context_.tool;
    if (!d.file.empty()) d.file = context_.paths.logicalPath(d.file);
    d.message = context_.paths.rewrite(d.message);
    for (Diagnostic &note : pending_includes_) d.notes.push_back(std::move(note));
    pending_includes_.clear();
    out_.push_back(std::move(d));
    current_ = out_.size() - 1;
    origin_ = parsed.origin;
    folded_ = 0;
    context_line_.reset();
  }

  // "In file included from kernel.cu:1:" (then "from x.h:2," lines): the
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
    current_ = kNone;
  }

  void continuation(std::string_view raw, std::string_view text) {
    if (!pending_includes_.empty() && startsWith(text, "from ")) {
      includeNote(text.substr(5));
      return;
    }
    if (current_ == kNone) {
      unparsed_.push_back(context_.paths.rewrite(text));
      return;
    }
    Diagnostic &d = out_[current_];
    switch (origin_) {
      case Origin::kHostCompiler:
        // "    3 | #error boom" and "      |  ^~~~~": the headline has the column.
        return;
      case Origin::kPtxas:
      case Origin::kDriver:
        // "    0 bytes stack frame, ..." under "Function properties for k".
        d.message += (folded_++ == 0 ? ": " : "; ") + context_.paths.rewrite(text);
        return;
      case Origin::kCudafe:
        cudafeContinuation(d, raw, text);
        return;
    }
  }

  void cudafeContinuation(Diagnostic &d, std::string_view raw, std::string_view text) {
    if (text.find_first_not_of('^') == std::string_view::npos) {
      // The caret under the context line; cudafe++ indents both by two.
      size_t caret = raw.find('^');
      if (context_line_ && d.column == 0 && caret >= 2 && !context_.source.empty() &&
          d.file == context_.source_name && d.line != 0 &&
          sourceLine(context_.source, d.line) == *context_line_)
        d.column = static_cast<unsigned>(caret - 2 + 1);
      context_line_.reset();
      return;
    }
    if (startsWith(text, "detected during")) {
      std::string_view what = trim(text.substr(15));
      if (what == ":") return;  // a chain of steps follows, one per line
      if (auto note = instantiationNote(what, d)) {
        note->file = context_.paths.logicalPath(note->file);
        note->message = "during " + context_.paths.rewrite(note->message);
        d.notes.push_back(std::move(*note));
      }
      return;
    }
    if (auto note = instantiationNote(text, d)) {
      note->file = context_.paths.logicalPath(note->file);
      note->message = "during " + context_.paths.rewrite(note->message);
      d.notes.push_back(std::move(*note));
      return;
    }
    std::string_view shown = raw.size() >= 2 ? raw.substr(2) : std::string_view{};
    context_line_ = std::string(shown);
  }

  const toolchain::ToolOutputContext &context_;
  std::vector<Diagnostic> out_;
  std::vector<Diagnostic> pending_includes_;
  std::vector<std::string> unparsed_;
  size_t current_ = kNone;
  Origin origin_ = Origin::kDriver;
  int folded_ = 0;
  std::optional<std::string> context_line_;
};

}  // namespace

std::vector<Diagnostic> parseNvidiaOutput(std::string_view output, const toolchain::ToolOutputContext &context) {
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

}  // namespace kiln::nvidia
