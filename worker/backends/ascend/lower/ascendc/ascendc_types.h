// Element types as AscendC spells them, and which vector intrinsic and cast
// takes which type on which SoC (asc-devkit docs, as
// ../shared/notes/ascend-toolchain.md summarises them). Emitter-internal.
#pragma once

#include <optional>
#include <string>

#include "mlir/IR/Types.h"
#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend::lower {

/// "float", "half", "bfloat16_t", "int32_t"; empty for anything else.
std::string cxxElementType(mlir::Type element);
/// The C++ type of a scalar (index -> int64_t, i1 -> bool), empty if none.
std::string cxxScalarType(mlir::Type type);
int64_t elementBytes(mlir::Type element);
/// "f32", "f16", "bf16", "i32", as Tile IR spells them.
std::string tileTypeName(mlir::Type element);
/// A float literal of `value` for C++ type `cxx` ("float", "half", ...).
std::string floatLiteral(double value, const std::string &cxx);

/// Which intrinsic family an op needs, for the dtype rules of the docs.
enum class VectorFamily { kArithmetic, kDiv, kTranscendental, kRelu };
/// Arithmetic (Add..Min, Muls, Adds, Duplicate): half, float, int32 (and
/// int16); Div, Exp/Ln/Sqrt/Rsqrt/Abs: half and float; Relu: half, float,
/// int32. Never bf16: the emitter casts bf16 to float first.
bool vectorSupports(VectorFamily family, mlir::Type element);

/// The RoundMode spelling ("RoundMode::CAST_RINT") for a cast `from` ->
/// `to` on `target`, chosen to round to nearest even as Tile IR says; or
/// nothing when the SoC has no such cast (310P: no bf16 pairs, no float ->
/// int32).
std::optional<std::string> castRoundMode(mlir::Type from, mlir::Type to, const AscendTarget &target);

}  // namespace kiln::ascend::lower
