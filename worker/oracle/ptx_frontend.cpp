#include "worker/oracle/ptx_frontend.h"

#include <map>
#include <optional>
#include <regex>

namespace kiln::oracle {
namespace {

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
    std::vector<SharedArray> used;
    for (const SharedArray &array : module_arrays) {
      std::regex word("(^|[^\\w$])" + std::regex_replace(array.name, std::regex(R"([$])"), R"(\$)") + "([^\\w$]|$)");
      if (std::regex_search(body, word)) used.push_back(array);
    }
    used.insert(used.end(), current->arrays.begin(), current->arrays.end());
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

    std::smatch m;
    if (std::regex_search(line, m, entry_re)) {
      finish();
      current.emplace();
      current->name = m[1];
      current->loc = {file, line_number, static_cast<unsigned>(m.position(1) + 1)};
    }
    if (current) body += line + "\n";
    if (std::regex_search(line, m, shared_re)) {
      SharedArray array;
      array.name = m[3];
      array.loc = {file, line_number, static_cast<unsigned>(m.position(3) + 1)};
      std::int64_t element = elementBytes(m[2]);
      bool extern_decl = m[1].matched;
      if (m[4].matched && m[5].length() == 0) {
        if (!extern_decl)
          out.diagnostics.push_back(error(file, line_number, array.loc.column,
                                          "shared array '" + array.name + "' has no size and is not .extern"));
        array.dynamic = true;
      } else {
        std::int64_t count = m[4].matched ? std::stoll(m[5]) : 1;
        array.size = count * element;
      }
      (current && in_body ? current->arrays : module_arrays).push_back(array);
    }
    if (current && in_body) {
      auto begin = line.cbegin();
      while (std::regex_search(begin, line.cend(), m, access_re)) {
        std::string opcode = m[1];
        std::string operands = m[2];
        std::smatch a;
        if (std::regex_search(operands, a, address_re) && a[1].str()[0] != '%') {
          SharedAccess access;
          access.symbol = a[1];
          access.offset = a[3].matched ? std::stoll(a[3]) * (a[2] == "-" ? -1 : 1) : 0;
          access.width = accessWidth(opcode);
          access.store = opcode.rfind("st.", 0) == 0;
          access.text = opcode;
          access.loc = {file, line_number, static_cast<unsigned>(m.position(1) + (begin - line.cbegin()) + 1)};
          current->accesses.push_back(std::move(access));
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
