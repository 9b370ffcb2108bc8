// Spelling MLIR types and constants as CUDA C.
#pragma once

#include <string>

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Types.h"

namespace kiln::lower {

/// float, __half, bool, short, int, long long; memrefs as element pointers.
std::string cType(mlir::Type type);
/// The unsigned type of the same width, for wrapping arithmetic.
std::string cUnsignedType(mlir::Type type);
/// A literal that reads back as exactly the attribute's value.
std::string cLiteral(mlir::Attribute value);

}  // namespace kiln::lower
