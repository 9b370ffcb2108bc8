#include "core/input_kind.h"

namespace kiln {

const char *inputKindName(InputKind kind) {
  switch (kind) {
    case InputKind::kTileIr: return "tile-ir";
    case InputKind::kPtx: return "ptx";
    case InputKind::kAscendC: return "ascendc";
    case InputKind::kPto: return "pto";
  }
  return "?";
}

const char *inputKindTitle(InputKind kind) {
  switch (kind) {
    case InputKind::kTileIr: return "Tile IR";
    case InputKind::kPtx: return "PTX";
    case InputKind::kAscendC: return "AscendC C++";
    case InputKind::kPto: return "PTO-MLIR";
  }
  return "?";
}

std::optional<InputKind> parseInputKind(std::string_view name) {
  for (InputKind kind : kAllInputKinds)
    if (name == inputKindName(kind)) return kind;
  return std::nullopt;
}

std::optional<InputKind> inputKindForFile(std::string_view name) {
  size_t dot = name.find_last_of('.');
  size_t slash = name.find_last_of('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return std::nullopt;
  std::string_view ext = name.substr(dot + 1);
  if (ext == "mlir") return InputKind::kTileIr;
  if (ext == "ptx") return InputKind::kPtx;
  if (ext == "cpp" || ext == "cc" || ext == "cxx" || ext == "asc") return InputKind::kAscendC;
  if (ext == "pto") return InputKind::kPto;
  return std::nullopt;
}

}  // namespace kiln
