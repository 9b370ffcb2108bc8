//===- TileOps.td - operations of the tile dialect -------*- tablegen -*-===//
//
// The syntax of every op is fixed by shared/spec/tile-ir.md; the assembly
// formats below spell it exactly. Rules that need more than one op (kernel
// scope, program_id against a caller's grid) live in kernel_rules.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TILE_OPS_TD
#define KILN_TILE_OPS_TD

include "worker/ir/TileBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

//===----------------------------------------------------------------------===//
// Grid and memory movement
//===----------------------------------------------------------------------===//

def Tile_ProgramIdOp : Tile_Op<"program_id", [Pure]> {
  let summary = "this instance's coordinate along one grid dimension";
  let arguments = (ins I64Attr:$dim);
  let results = (outs Index:$result);
  let assemblyFormat = "$dim attr-dict `:` qualified(type($result))";
  let hasVerifier = 1;
}

def Tile_LoadOp : Tile_Op<"load"> {
  let summary = "copy the tile at tile coordinates (i, j) out of a global memref";
  let arguments = (ins Arg<Tile_GlobalMemRef, "", [MemRead]>:$source,
                       Variadic<Index>:$indices);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $source `[` $indices `]` attr-dict `:` type($source) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Tile_StoreOp : Tile_Op<"store"> {
  let summary = "copy a tile into a global memref at tile coordinates (i, j)";
  let arguments = (ins Tile_AnyTile:$value,
                       Arg<Tile_GlobalMemRef, "", [MemWrite]>:$dest,
                       Variadic<Index>:$indices);
  let assemblyFormat = [{
    $value `,` $dest `[` $indices `]` attr-dict `:` qualified(type($value)) `,` type($dest)
  }];
  let hasVerifier = 1;
}

def Tile_ConstantOp : Tile_Op<"constant", [Pure]> {
  let summary = "a tile with every element set to one value";
  // The value is typed by the tile's element type; the text form writes it
  // bare (`tile.constant 0.0 : !tile.tile<...>`), hence the C++ parser.
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs Tile_AnyTile:$result);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class Tile_BinaryOp<string mnemonic, string what>
    : Tile_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise " # what;
  let arguments = (ins Tile_AnyTile:$lhs, Tile_AnyTile:$rhs);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` qualified(type($result))";
}

def Tile_AddOp : Tile_BinaryOp<"add", "sum">;
def Tile_SubOp : Tile_BinaryOp<"sub", "difference">;
def Tile_MulOp : Tile_BinaryOp<"mul", "product">;
def Tile_DivOp : Tile_BinaryOp<"div", "quotient">;
def Tile_MaxOp : Tile_BinaryOp<"max", "maximum">;
def Tile_MinOp : Tile_BinaryOp<"min", "minimum">;

class Tile_UnaryOp<string mnemonic, string what, Type operandType>
    : Tile_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise " # what;
  let arguments = (ins operandType:$input);
  let results = (outs operandType:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($result))";
}

def Tile_ExpOp   : Tile_UnaryOp<"exp", "e^x", Tile_FloatTile>;
def Tile_LogOp   : Tile_UnaryOp<"log", "natural logarithm", Tile_FloatTile>;
def Tile_SqrtOp  : Tile_UnaryOp<"sqrt", "square root", Tile_FloatTile>;
def Tile_RsqrtOp : Tile_UnaryOp<"rsqrt", "reciprocal square root", Tile_FloatTile>;
def Tile_NegOp   : Tile_UnaryOp<"neg", "negation", Tile_AnyTile>;
def Tile_AbsOp   : Tile_UnaryOp<"abs", "absolute value", Tile_AnyTile>;
def Tile_ReluOp  : Tile_UnaryOp<"relu", "max(x, 0)", Tile_AnyTile>;

def Tile_ScaleOp : Tile_Op<"scale", [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "multiply every element by a scalar of the element type";
  let arguments = (ins Tile_AnyTile:$input, Tile_ElementType:$scalar);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$input `,` $scalar attr-dict `:` qualified(type($input)) `,` type($scalar)";
  let hasVerifier = 1;
}

def Tile_BroadcastOp : Tile_Op<"broadcast", [Pure]> {
  let summary = "repeat an Rx1 column or a 1xC row to the full tile";
  let arguments = (ins Tile_AnyTile:$input);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($input)) `->` qualified(type($result))";
  let hasVerifier = 1;
}

def Tile_CastOp : Tile_Op<"cast", [Pure]> {
  let summary = "element type conversion, rounding to nearest even";
  let arguments = (ins Tile_AnyTile:$input);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($input)) `->` qualified(type($result))";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions and matmul
//===----------------------------------------------------------------------===//

class Tile_ReduceOp<string mnemonic, string what> : Tile_Op<mnemonic, [Pure]> {
  let summary = what # " along axis 1 (to Rx1) or axis 0 (to 1xC)";
  let arguments = (ins Tile_AnyTile:$input, I64Attr:$axis);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $input ` ` `{` `axis` `=` $axis `}` attr-dict `:` qualified(type($input)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Tile_ReduceSumOp : Tile_ReduceOp<"reduce_sum", "sum">;
def Tile_ReduceMaxOp : Tile_ReduceOp<"reduce_max", "maximum">;

def Tile_SoftmaxOp : Tile_Op<"softmax", [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "numerically stable softmax along an axis";
  let arguments = (ins Tile_FloatTile:$input, I64Attr:$axis);
  let results = (outs Tile_FloatTile:$result);
  let assemblyFormat = "$input ` ` `{` `axis` `=` $axis `}` attr-dict `:` qualified(type($result))";
  let hasVerifier = 1;
}

def Tile_MatmulOp : Tile_Op<"matmul", [Pure]> {
  let summary = "a·b + acc with f32 accumulation";
  let arguments = (ins Tile_AnyTile:$lhs, Tile_AnyTile:$rhs,
                       Optional<Tile_AnyTile>:$acc);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`,` $acc^)? attr-dict `:` qualified(type($lhs)) `,` qualified(type($rhs))
    (`,` qualified(type($acc))^)? `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

#endif // KILN_TILE_OPS_TD
