// What a request's source is: kiln's own Tile IR, or a kernel another
// producer wrote (PTX from Triton or nvcc, AscendC C++ from TileLang or a
// person, PTO-MLIR from PyPTO). The kind picks the front end, the checks and
// the route; every kind goes through the same validated pipeline.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiln {

enum class InputKind { kTileIr, kPtx, kAscendC, kPto };

inline constexpr InputKind kAllInputKinds[] = {InputKind::kTileIr, InputKind::kPtx, InputKind::kAscendC,
                                               InputKind::kPto};

const char *inputKindName(InputKind kind);  // "tile-ir", "ptx", "ascendc", "pto"
std::optional<InputKind> parseInputKind(std::string_view name);

/// The kind a file name implies: .mlir is Tile IR, .ptx PTX, .cpp/.cc/.cxx/
/// .asc AscendC C++, .pto PTO-MLIR; nothing for any other name, so a caller
/// asks the user instead of guessing.
std::optional<InputKind> inputKindForFile(std::string_view name);

/// "PTX", "AscendC C++": how messages name the kind.
const char *inputKindTitle(InputKind kind);

}  // namespace kiln
