// The few PTX forms readPtx reads, scanned by hand from one line of text
// (comments already removed). They replaced std::regex, which took most of
// `kiln check`'s time on large PTX: each scanner accepts exactly what the
// regex it replaced did (quoted at each below, in ECMAScript syntax) and
// runs in time linear in the line, without backtracking. Positions are
// 0-based indices into the line; views point into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kiln::oracle::ptx_tokens {

/// \.entry\s+([A-Za-z_$][\w$]*), the first in the line.
struct EntryToken {
  std::string_view name;
  std::size_t pos = 0;  // of the name
};
std::optional<EntryToken> findEntry(std::string_view line);

/// ^\s*(\.extern\s+)?\.shared\s+(?:\.align\s+\d+\s+)?\.((?:b|u|s|f)(?:8|16|32|64))\s+
///   ([A-Za-z_$][\w$]*)\s*(\[\s*(\d*)\s*\])?\s*;
struct SharedToken {
  bool is_extern = false;
  std::string_view type;  // "b8", "f32", ...
  std::string_view name;
  std::size_t name_pos = 0;
  bool bracketed = false;  // has `[...]`
  std::string_view count;  // the digits inside the brackets, possibly none
};
std::optional<SharedToken> matchShared(std::string_view line);

/// ^\s*(@!?%\w+\s+)?(bar|barrier)(\.cta)?\.sync\b
struct BarrierToken {
  bool predicated = false;  // has the `@%p` guard
  std::size_t pos = 0;      // of bar/barrier
};
std::optional<BarrierToken> matchBarrier(std::string_view line);

/// \b((?:ld|st)\.shared(?:\.[A-Za-z0-9:]+)*)\s+([^;]*); searched in `text`
/// from `from` on, `from` counting as the start of the text (as when
/// std::regex_search is given that range).
struct AccessToken {
  std::string_view opcode;  // "ld.shared.v4.f32"
  std::size_t pos = 0;      // of the opcode
  std::string_view operands;  // after the whitespace, up to the ';'
  std::size_t end = 0;        // just after the ';'
};
std::optional<AccessToken> findAccess(std::string_view text, std::size_t from);

/// \[\s*([A-Za-z_$%][\w$]*)\s*(?:([+-])\s*(\d+))?\s*\], the first in `operands`.
struct AddressToken {
  std::string_view symbol;  // may be a register: "%rd1"
  char sign = 0;            // '+' or '-'; 0 when there is no offset
  std::string_view digits;  // the offset's, when there is a sign
};
std::optional<AddressToken> findAddress(std::string_view operands);

/// Bytes per element of a .shared type as matchShared reads it ("b8", "f32").
std::int64_t elementBytes(std::string_view type);

/// Bytes moved by an ld/st opcode such as "ld.shared.v4.f32" or
/// "st.shared.u8": the lanes of the first `\.v(2|4|8)\b` (1 when none) times
/// the element of the last `\.(b|u|s|f)(8|16|32|64|128)\b` (4 bytes when none).
std::int64_t accessWidth(std::string_view opcode);

}  // namespace kiln::oracle::ptx_tokens
