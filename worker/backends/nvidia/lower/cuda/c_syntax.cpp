#include "worker/backends/nvidia/lower/cuda/c_syntax.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "mlir/IR/BuiltinTypes.h"

namespace kiln::lower {

std::string cType(mlir::Type type) {
  if (auto memref = type.dyn_cast<mlir::MemRefType>()) return cType(memref.getElementType()) + "*";
  if (type.isF32()) return "float";
  if (type.isF16()) return "__half";
  if (type.isIndex() || type.isInteger(64)) return "long long";
  if (type.isInteger(32)) return "int";
  if (type.isInteger(16)) return "short";
  if (type.isInteger(8)) return "signed char";
  if (type.isInteger(1)) return "bool";
  return "/*unsupported*/ void";
}

std::string cUnsignedType(mlir::Type type) {
  if (type.isIndex() || type.isInteger(64)) return "unsigned long long";
  if (type.isInteger(16)) return "unsigned short";
  if (type.isInteger(8)) return "unsigned char";
  if (type.isInteger(1)) return "bool";
  return "unsigned";
}

namespace {
std::string floatLiteral(float value) {
  if (std::isnan(value) || std::isinf(value)) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    char hex[32];
    std::snprintf(hex, sizeof hex, "__int_as_float(0x%08x)", bits);
    return hex;
  }
  char text[48];
  // Nine significant digits always read back as the same float.
  std::snprintf(text, sizeof text, "%.9g", value);
  std::string out = text;
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out + "f";
}
}  // namespace

std::string cLiteral(mlir::Attribute value) {
  if (auto f = value.dyn_cast<mlir::FloatAttr>()) {
    llvm::APFloat v = f.getValue();
    bool lost = false;
    v.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven, &lost);
    std::string literal = floatLiteral(v.convertToFloat());
    return f.getType().isF16() ? "__float2half_rn(" + literal + ")" : literal;
  }
  if (auto i = value.dyn_cast<mlir::IntegerAttr>()) {
    mlir::Type type = i.getType();
    if (type.isInteger(1)) return i.getValue().isZero() ? "false" : "true";
    int64_t v = type.isIndex() ? i.getInt() : i.getValue().getSExtValue();
    if (type.isIndex() || type.isInteger(64)) {
      // INT64_MIN has no literal of its own.
      if (v == INT64_MIN) return "(-9223372036854775807LL - 1)";
      return std::to_string(v) + "LL";
    }
    if (v == INT32_MIN) return "(-2147483647 - 1)";
    return std::to_string(v);
  }
  return "/*unsupported constant*/ 0";
}

}  // namespace kiln::lower
