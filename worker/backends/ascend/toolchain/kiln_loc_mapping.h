// Maps a tool's diagnostics on kiln-generated code back to the .mlir the
// code came from. kiln's AscendC and PTO emitters write a location comment
//   // @kiln.loc FILE:LINE:COL
// before each op's lines; a diagnostic at generated line L takes the place
// of the last marker at or before L, and keeps the generated place in a
// note, so both the user's line and the code bisheng or ptoas saw are shown.
// A diagnostic before any marker keeps its own place. MLIR-free.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace kiln::ascend {

inline constexpr std::string_view kKilnLocMarker = "// @kiln.loc ";

/// The names the drivers give generated text in their work dirs; only
/// diagnostics naming one of these are mapped (a CANN header keeps its place).
inline constexpr std::string_view kGeneratedCpp = "kernel.cpp";
inline constexpr std::string_view kGeneratedPto = "kernel.pto";

/// The message of the note that keeps a mapped diagnostic's generated place.
inline constexpr std::string_view kGeneratedPlaceNote = "here in the generated code";

struct KilnLoc {
  unsigned generated_line = 0;  // the marker's own line, 1-based
  std::string file;
  unsigned line = 0;
  unsigned column = 0;  // 0 when the marker gives none
};

/// The markers in `generated_text`, in line order. A marker is a line whose
/// text after indentation starts with kKilnLocMarker and ends FILE:LINE or
/// FILE:LINE:COL with a non-empty FILE; other comment lines are ignored.
std::vector<KilnLoc> kilnLocMarkers(std::string_view generated_text);

/// Each diagnostic (and note) naming kernel.cpp or kernel.pto at line L > 0
/// takes the place of the last marker at or before L, with a note at the
/// generated place; the rest are unchanged. Mapping twice changes nothing:
/// a diagnostic that already carries its generated-place note is left alone.
std::vector<Diagnostic> mapToSource(std::vector<Diagnostic> diagnostics, std::string_view generated_text);

/// For a client's own text (an AscendC C++ or PTO-MLIR input), which the
/// drivers also write as kernel.cpp or kernel.pto: each diagnostic (and
/// note) naming `work_name` names `source_name` instead, at the same place.
/// Markers in a client's text are its own words, never followed.
std::vector<Diagnostic> renameToSource(std::vector<Diagnostic> diagnostics, std::string_view work_name,
                                       const std::string &source_name);

}  // namespace kiln::ascend
