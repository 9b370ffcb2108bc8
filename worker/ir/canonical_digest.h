// The canonical digest of a Tile IR module: the IR part of every cache key.
//
// Contract (version "kiln.ir.v1"):
//   digest = lowercase hex SHA-256 of  "kiln.ir.v1\n" + G
// where G is the verified module printed in MLIR's generic op form with no
// locations (OpPrintingFlags().printGenericOpForm(), debug info off), as
// MLIR 16 prints it. Consequences:
//   - comments, whitespace, SSA value names and the order of attributes in a
//     dictionary do not change the digest (the printer renames values and
//     attribute dictionaries are sorted);
//   - every change of meaning (an op, an operand, a type, an attribute value,
//     a symbol name, the grid) changes G and so the digest.
// Anything that would change G for an unchanged program (a new MLIR version,
// a new printer flag) must bump the version string, which invalidates every
// cached entry instead of silently mixing two encodings.
#pragma once

#include <string>

#include "mlir/IR/BuiltinOps.h"

namespace kiln::tile {

inline constexpr const char *kIRDigestVersion = "kiln.ir.v1";

/// G above: the generic, location-free text of `module`.
std::string canonicalText(mlir::ModuleOp module);

/// The 64-hex-digit digest of a verified module.
std::string canonicalDigest(mlir::ModuleOp module);

/// Lowercase hex SHA-256 of `bytes`.
std::string sha256Hex(const std::string &bytes);

}  // namespace kiln::tile
