#include "worker/oracle/ptx/ptx_frontend.h"

#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "worker/oracle/ptx/ptx_tokens.h"

namespace kiln::oracle {
namespace {

// A line longer than this that may hold something read here is reported
// instead of read. The limit dates from std::regex, whose recursion
// overflowed the stack on a long line; the scanners (ptx_tokens.h) have no
// such limit, but it stays so that what the reader reports does not change.
// Compilers emit far shorter lines.
constexpr std::size_t kMaxLineLength = 8192;

// No GPU has anywhere near 4 GiB of shared memory per block, so a larger
// array size or constant offset is malformed, not merely out of bounds.
// Rejecting it also keeps every size, sum and offset below far from int64
// overflow, here and in the checks.
constexpr std::int64_t kMaxSharedBytes = std::int64_t{1} << 32;

// The value of a run of decimal digits, or nothing when over `limit`.
std::optional<std::int64_t> parseBounded(std::string_view digits, std::int64_t limit) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value > limit) return std::nullopt;
  return value;
}

Diagnostic error(const std::string &file, unsigned line, unsigned column, std::string message) {
  Diagnostic d;
  d.file = file;
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  d.tool = "kiln-oracle";
  return d;
}

}  // namespace

using namespace ptx_tokens;

PtxReadResult readPtx(std::string_view text, const std::string &file) {
  PtxReadResult out;
  std::vector<SharedArray> module_arrays;
  std::optional<EntryPlan> current;
  std::string body;  // the current entry's text, to see which module arrays it names
  int depth = 0;
  bool in_body = false;
  unsigned line_number = 0;
  auto finish = [&] {
    if (!current) return;
    // The body's words, once: a regex per module array over the whole body
    // was quadratic, seconds for a few thousand arrays.
    std::map<std::string_view, int> words;
    auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
    for (std::size_t i = 0; i < body.size();) {
      std::size_t j = i;
      while (j < body.size() && is_word(body[j])) ++j;
      if (j > i) ++words[std::string_view(body).substr(i, j - i)];
      i = j == i ? i + 1 : j;
    }
    std::vector<SharedArray> used;
    for (SharedArray array : module_arrays)
      if (auto it = words.find(array.name); it != words.end()) {
        array.references = it->second;
        used.push_back(array);
      }
    for (SharedArray array : current->arrays) {
      array.references = words[array.name] - 1;  // less its declaration
      used.push_back(array);
    }
    current->arrays = std::move(used);
    out.entries.push_back(std::move(*current));
    current.reset();
    body.clear();
    in_body = false;
  };

  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (auto comment = line.find("//"); comment != std::string::npos) line.erase(comment);
    bool readable = line.size() <= kMaxLineLength;
    if (!readable && (line.find(".shared") != std::string::npos || line.find(".entry") != std::string::npos))
      out.diagnostics.push_back(error(file, line_number, 1,
                                      "line of " + std::to_string(line.size()) +
                                          " characters is too long to read (at most " +
                                          std::to_string(kMaxLineLength) + ")"));

    std::string_view view = line;
    if (std::optional<EntryToken> entry = readable ? findEntry(view) : std::nullopt) {
      finish();
      current.emplace();
      current->name = entry->name;
      current->loc = {file, line_number, static_cast<unsigned>(entry->pos + 1)};
    }
    if (current) body += line + "\n";
    if (std::optional<SharedToken> decl = readable ? matchShared(view) : std::nullopt) {
      SharedArray array;
      array.name = decl->name;
      array.loc = {file, line_number, static_cast<unsigned>(decl->name_pos + 1)};
      std::int64_t element = elementBytes(decl->type);
      bool keep = true;
      if (decl->bracketed && decl->count.empty()) {
        if (!decl->is_extern)
          out.diagnostics.push_back(error(file, line_number, array.loc.column,
                                          "shared array '" + array.name + "' has no size and is not .extern"));
        array.dynamic = true;
      } else if (std::optional<std::int64_t> count = decl->bracketed
                                                         ? parseBounded(decl->count, kMaxSharedBytes / element)
                                                         : std::optional<std::int64_t>(1)) {
        array.size = *count * element;
      } else {
        out.diagnostics.push_back(error(file, line_number, array.loc.column,
                                        "shared array '" + array.name + "' is larger than 4 GiB"));
        keep = false;
      }
      if (keep) (current && in_body ? current->arrays : module_arrays).push_back(array);
    }
    if (readable && current && in_body)
      if (std::optional<BarrierToken> barrier = matchBarrier(view))
        current->barriers.push_back({current->accesses.size(), barrier->predicated,
                                     {file, line_number, static_cast<unsigned>(barrier->pos + 1)}});
    if (std::size_t last = view.rfind(';'); readable && current && in_body && last != std::string_view::npos) {
      // Text after the last ';' holds no complete access, so it is not searched.
      std::string_view statements = view.substr(0, last + 1);
      std::size_t from = 0;
      while (std::optional<AccessToken> found = findAccess(statements, from)) {
        from = found->end;
        std::string opcode(found->opcode);
        unsigned column = static_cast<unsigned>(found->pos + 1);
        std::optional<AddressToken> address = findAddress(found->operands);
        if (!address || address->symbol[0] == '%') continue;  // a register address is not resolvable
        std::optional<std::int64_t> offset =
            address->sign ? parseBounded(address->digits, kMaxSharedBytes) : std::optional<std::int64_t>(0);
        if (offset) {
          SharedAccess access;
          access.symbol = address->symbol;
          access.offset = *offset * (address->sign == '-' ? -1 : 1);
          access.width = accessWidth(opcode);
          access.store = opcode.rfind("st.", 0) == 0;
          access.text = opcode;
          access.loc = {file, line_number, column};
          current->accesses.push_back(std::move(access));
        } else {
          out.diagnostics.push_back(
              error(file, line_number, column, "the address offset of " + opcode + " is past 4 GiB"));
        }
      }
    }
    for (char c : line) {
      if (c == '{') {
        ++depth;
        if (current && depth == 1) in_body = true;
      } else if (c == '}') {
        --depth;
        if (current && in_body && depth == 0) finish();
      }
    }
  }
  finish();
  return out;
}

}  // namespace kiln::oracle
