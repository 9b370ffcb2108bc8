#include "worker/oracle/ptx/ptx_frontend.h"

#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace kiln::oracle {
namespace {

// libstdc++'s std::regex recurses once per character it consumes, so one
// long enough line overflows the stack (about 27,000 characters in 8 MiB,
// fewer under ASan). Compilers emit far shorter lines; a longer one that may
// hold something read here is reported instead of matched.
constexpr std::size_t kMaxLineLength = 8192;

// No GPU has anywhere near 4 GiB of shared memory per block, so a larger
// array size or constant offset is malformed, not merely out of bounds.
// Rejecting it also keeps every size, sum and offset below far from int64
// overflow, here and in the checks.
constexpr std::int64_t kMaxSharedBytes = std::int64_t{1} << 32;

// The value of a run of decimal digits, or nothing when over `limit`.
std::optional<std::int64_t> parseBounded(const std::string &digits, std::int64_t limit) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value > limit) return std::nullopt;
  return value;
}

std::int64_t elementBytes(const std::string &type) {
  char kind = type[0];
  if (kind == 'p') return 8;  // .pred never appears in .shared; keep a sane width
  int bits = std::stoi(type.substr(1));
  return bits / 8;
}

// Bytes moved by an ld/st opcode such as "ld.shared.v4.f32" or "st.shared.u8".
std::int64_t accessWidth(const std::string &opcode) {
  static const std::regex vector(R"(\.v(2|4|8)\b)"), element(R"(\.(b|u|s|f)(8|16|32|64|128)\b)");
  std::int64_t lanes = 1;
  std::smatch m;
  if (std::regex_search(opcode, m, vector)) lanes = std::stoll(m[1]);
  std::int64_t bytes = 4;
  auto begin = opcode.cbegin();
  while (std::regex_search(begin, opcode.cend(), m, element)) {
    bytes = std::stoll(m[2]) / 8;
    begin = m.suffix().first;
  }
  return lanes * bytes;
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

PtxReadResult readPtx(std::string_view text, const std::string &file) {
  static const std::regex entry_re(R"(\.entry\s+([A-Za-z_$][\w$]*))");
  static const std::regex shared_re(
      R"(^\s*(\.extern\s+)?\.shared\s+(?:\.align\s+\d+\s+)?\.((?:b|u|s|f)(?:8|16|32|64))\s+([A-Za-z_$][\w$]*)\s*(\[\s*(\d*)\s*\])?\s*;)");
  static const std::regex access_re(R"(\b((?:ld|st)\.shared(?:\.[A-Za-z0-9:]+)*)\s+([^;]*);)");
  static const std::regex barrier_re(R"(^\s*(@!?%\w+\s+)?(bar|barrier)(\.cta)?\.sync\b)");
  static const std::regex address_re(R"(\[\s*([A-Za-z_$%][\w$]*)\s*(?:([+-])\s*(\d+))?\s*\])");

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

    std::smatch m;
    if (readable && std::regex_search(line, m, entry_re)) {
      finish();
      current.emplace();
      current->name = m[1];
      current->loc = {file, line_number, static_cast<unsigned>(m.position(1) + 1)};
    }
    if (current) body += line + "\n";
    if (readable && std::regex_search(line, m, shared_re)) {
      SharedArray array;
      array.name = m[3];
      array.loc = {file, line_number, static_cast<unsigned>(m.position(3) + 1)};
      std::int64_t element = elementBytes(m[2]);
      bool extern_decl = m[1].matched;
      bool keep = true;
      if (m[4].matched && m[5].length() == 0) {
        if (!extern_decl)
          out.diagnostics.push_back(error(file, line_number, array.loc.column,
                                          "shared array '" + array.name + "' has no size and is not .extern"));
        array.dynamic = true;
      } else if (std::optional<std::int64_t> count = m[4].matched ? parseBounded(m[5], kMaxSharedBytes / element)
                                                                   : std::optional<std::int64_t>(1)) {
        array.size = *count * element;
      } else {
        out.diagnostics.push_back(error(file, line_number, array.loc.column,
                                        "shared array '" + array.name + "' is larger than 4 GiB"));
        keep = false;
      }
      if (keep) (current && in_body ? current->arrays : module_arrays).push_back(array);
    }
    if (readable && current && in_body && std::regex_search(line, m, barrier_re))
      current->barriers.push_back({current->accesses.size(), m[1].matched,
                                   {file, line_number, static_cast<unsigned>(m.position(2) + 1)}});
    if (std::size_t last = line.rfind(';'); readable && current && in_body && last != std::string::npos) {
      // Text after the last ';' holds no complete access; searching it made
      // `[^;]*` rescan it from each `ld.shared` in it, quadratic in the line.
      auto begin = line.cbegin(), stop = line.cbegin() + static_cast<std::ptrdiff_t>(last) + 1;
      while (std::regex_search(begin, stop, m, access_re)) {
        std::string opcode = m[1];
        std::string operands = m[2];
        std::smatch a;
        unsigned column = static_cast<unsigned>(m.position(1) + (begin - line.cbegin()) + 1);
        if (std::regex_search(operands, a, address_re) && a[1].str()[0] != '%') {
          std::optional<std::int64_t> offset =
              a[3].matched ? parseBounded(a[3], kMaxSharedBytes) : std::optional<std::int64_t>(0);
          if (offset) {
            SharedAccess access;
            access.symbol = a[1];
            access.offset = *offset * (a[2] == "-" ? -1 : 1);
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
        begin = m.suffix().first;
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
