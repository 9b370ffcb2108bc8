// tile.constant: `%t = tile.constant 0.0 : !tile.tile<RxCxT>`.
//
// The literal comes before its type, so it is read as text and converted
// straight into the element type's semantics: going through `double` would
// round twice and break the print/parse round trip for f16 and bf16.
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "worker/ir/tile_ops.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"

namespace kiln::tile {
namespace {

/// The extent of a numeric literal starting at `p`, as MLIR's lexer would
/// take it: [-]digits[.digits][e[+-]digits] or [-]0x hexdigits. The scan
/// stops at the first other character; the lexer already relies on the
/// buffer's terminating NUL, which is such a character.
llvm::StringRef scanNumericLiteral(const char *p) {
  const char *start = p;
  if (*p == '-') ++p;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    p += 2;
    while (llvm::isHexDigit(*p)) ++p;
    return {start, static_cast<size_t>(p - start)};
  }
  while (llvm::isDigit(*p)) ++p;
  if (*p == '.') {
    ++p;
    while (llvm::isDigit(*p)) ++p;
  }
  if (*p == 'e' || *p == 'E') {
    const char *exp = p + 1;
    if (*exp == '+' || *exp == '-') ++exp;
    if (llvm::isDigit(*exp)) {
      p = exp;
      while (llvm::isDigit(*p)) ++p;
    }
  }
  return {start, static_cast<size_t>(p - start)};
}

bool isHexLiteral(llvm::StringRef text) {
  return text.starts_with("0x") || text.starts_with("0X");
}

bool isFloatLiteral(llvm::StringRef text) {
  return !isHexLiteral(text) && text.find_first_of(".eE") != llvm::StringRef::npos;
}

}  // namespace

mlir::ParseResult ConstantOp::parse(mlir::OpAsmParser &parser, mlir::OperationState &result) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  llvm::StringRef literal = scanNumericLiteral(loc.getPointer());
  if (literal.empty() || literal == "-")
    return parser.emitError(loc, "expected a numeric literal");

  // Consume the literal's tokens; its value is taken from `literal` below.
  if (isFloatLiteral(literal)) {
    double ignored;
    if (parser.parseFloat(ignored)) return mlir::failure();
  } else {
    llvm::APInt ignored;
    auto parsed = parser.parseOptionalInteger(ignored);
    if (!parsed.has_value() || mlir::failed(*parsed))
      return parser.emitError(loc, "expected a numeric literal");
  }

  mlir::Type type;
  if (parser.parseOptionalAttrDict(result.attributes) || parser.parseColonType(type))
    return mlir::failure();
  auto tile = type.dyn_cast<TileType>();
  if (!tile) return parser.emitError(loc, "expected a !tile.tile type, got ") << type;
  mlir::Type element = tile.getElementType();

  mlir::TypedAttr value;
  if (auto floatType = element.dyn_cast<mlir::FloatType>()) {
    const llvm::fltSemantics &semantics = floatType.getFloatSemantics();
    if (isHexLiteral(literal)) {
      // As in MLIR, a hex literal for a float spells the bits of the value.
      llvm::APInt bits;
      if (literal.drop_front(2).getAsInteger(16, bits) || bits.getActiveBits() > floatType.getWidth())
        return parser.emitError(loc, "hexadecimal literal ")
               << literal << " does not fit the " << floatType.getWidth() << " bits of " << element;
      value = mlir::FloatAttr::get(floatType,
                                   llvm::APFloat(semantics, bits.zextOrTrunc(floatType.getWidth())));
    } else {
      llvm::APFloat apValue(semantics);
      auto status = apValue.convertFromString(literal, llvm::APFloat::rmNearestTiesToEven);
      if (!status) {
        llvm::consumeError(status.takeError());
        return parser.emitError(loc, "invalid floating-point literal ") << literal;
      }
      value = mlir::FloatAttr::get(floatType, apValue);
    }
  } else {
    if (isFloatLiteral(literal))
      return parser.emitError(loc, "an ") << element << " tile takes an integer literal, got " << literal;
    llvm::APInt bits;
    bool negative = literal.starts_with("-");
    llvm::StringRef digits = negative ? literal.drop_front() : literal;
    unsigned radix = isHexLiteral(digits) ? 16 : 10;
    if (radix == 16) digits = digits.drop_front(2);
    unsigned width = element.getIntOrFloatBitWidth();
    if (digits.getAsInteger(radix, bits) || bits.getActiveBits() > width ||
        (negative && bits.zextOrTrunc(width + 1).ugt(llvm::APInt::getSignedMinValue(width).zext(width + 1))))
      return parser.emitError(loc, "integer literal ") << literal << " does not fit in " << element;
    bits = bits.zextOrTrunc(width);
    if (negative) bits.negate();
    value = mlir::IntegerAttr::get(element, bits);
  }
  result.addAttribute(getValueAttrName(result.name), value);
  result.addTypes(tile);
  return mlir::success();
}

void ConstantOp::print(mlir::OpAsmPrinter &printer) {
  printer << ' ';
  if (auto floatAttr = getValue().dyn_cast<mlir::FloatAttr>()) {
    const llvm::APFloat &apValue = floatAttr.getValue();
    llvm::SmallString<32> text;
    if (apValue.isFinite()) {
      // Shortest readable form first; keep it only if it reads back exactly.
      apValue.toString(text, /*FormatPrecision=*/6, /*FormatMaxPadding=*/0, /*TruncateZero=*/false);
      if (!llvm::APFloat(apValue.getSemantics(), text).bitwiseIsEqual(apValue)) {
        text.clear();
        apValue.toString(text);
      }
    }
    if (!apValue.isFinite() || !isFloatLiteral(text) ||
        !llvm::APFloat(apValue.getSemantics(), text).bitwiseIsEqual(apValue)) {
      text.clear();
      llvm::APInt bits = apValue.bitcastToAPInt();
      text = "0x";
      llvm::SmallString<16> hex;
      bits.toStringUnsigned(hex, 16);
      text += hex;
    }
    printer << text;
  } else {
    printer << getValue().cast<mlir::IntegerAttr>().getValue().getSExtValue();
  }
  printer.printOptionalAttrDict((*this)->getAttrs(), /*elidedAttrs=*/{"value"});
  printer << " : " << getResult().getType();
}

mlir::LogicalResult ConstantOp::verify() {
  mlir::Type element = getResult().getType().cast<TileType>().getElementType();
  if (getValue().getType() != element)
    return emitOpError("value of type ")
           << getValue().getType() << " does not match the tile element type " << element;
  bool isFloat = element.isa<mlir::FloatType>();
  if (isFloat != getValue().isa<mlir::FloatAttr>() ||
      (!isFloat && !getValue().isa<mlir::IntegerAttr>()))
    return emitOpError("value must be a ") << (isFloat ? "float" : "integer") << " attribute";
  return mlir::success();
}

}  // namespace kiln::tile
