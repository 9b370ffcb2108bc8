#include "worker/backends/ascend/lower/ascendc/ascendc_types.h"

#include <cmath>
#include <cstdio>

#include "mlir/IR/BuiltinTypes.h"

namespace kiln::ascend::lower {

std::string cxxElementType(mlir::Type element) {
  if (element.isF32()) return "float";
  if (element.isF16()) return "half";
  if (element.isBF16()) return "bfloat16_t";
  if (element.isSignlessInteger(32)) return "int32_t";
  return "";
}

std::string cxxScalarType(mlir::Type type) {
  if (type.isIndex()) return "int64_t";
  if (type.isSignlessInteger(1)) return "bool";
  if (type.isSignlessInteger(32)) return "int32_t";
  if (type.isSignlessInteger(64)) return "int64_t";
  if (type.isF32()) return "float";
  return "";
}

int64_t elementBytes(mlir::Type element) { return element.getIntOrFloatBitWidth() / 8; }

std::string tileTypeName(mlir::Type element) {
  if (element.isF32()) return "f32";
  if (element.isF16()) return "f16";
  if (element.isBF16()) return "bf16";
  if (element.isSignlessInteger(32)) return "i32";
  return "?";
}

std::string floatLiteral(double value, const std::string &cxx) {
  if (std::isnan(value)) return "static_cast<" + cxx + ">(__builtin_nanf(\"\"))";
  if (std::isinf(value))
    return std::string("static_cast<") + cxx + ">(" + (value < 0 ? "-" : "") + "__builtin_inff())";
  // %a is exact: the literal means the f32 value Tile IR wrote, bit for bit.
  char text[64];
  std::snprintf(text, sizeof text, "%af", static_cast<float>(value));
  return cxx == "float" ? std::string(text) : "static_cast<" + cxx + ">(" + text + ")";
}

bool vectorSupports(VectorFamily family, mlir::Type element) {
  bool f16 = element.isF16(), f32 = element.isF32(), i32 = element.isSignlessInteger(32);
  switch (family) {
    case VectorFamily::kArithmetic: return f16 || f32 || i32;
    case VectorFamily::kDiv:
    case VectorFamily::kTranscendental: return f16 || f32;
    case VectorFamily::kRelu: return f16 || f32 || i32;
  }
  return false;
}

std::optional<std::string> castRoundMode(mlir::Type from, mlir::Type to, const AscendTarget &target) {
  bool is310p = !target.has_bf16;  // 310P: m200, the one SoC without bf16
  auto i32 = [](mlir::Type t) { return t.isSignlessInteger(32); };
  if (from.isF16() && to.isF32()) return "RoundMode::CAST_NONE";
  if (from.isF32() && to.isF16()) return is310p ? "RoundMode::CAST_NONE" : "RoundMode::CAST_RINT";
  if (from.isF32() && to.isBF16()) return is310p ? std::nullopt : std::optional<std::string>("RoundMode::CAST_RINT");
  if (from.isBF16() && to.isF32()) return is310p ? std::nullopt : std::optional<std::string>("RoundMode::CAST_NONE");
  if ((from.isF32() || from.isF16()) && i32(to))
    return is310p ? std::nullopt : std::optional<std::string>("RoundMode::CAST_RINT");
  // CAST_NONE rounds to nearest even where precision is lost.
  if (i32(from) && to.isF32()) return "RoundMode::CAST_NONE";
  return std::nullopt;
}

}  // namespace kiln::ascend::lower
