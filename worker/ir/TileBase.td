//===- TileBase.td - the tile dialect and its tile type ---*- tablegen -*-===//
//
// Tile IR v1 (shared/spec/tile-ir.md): block-level kernels that move whole
// tiles between global memrefs and on-chip memory.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TILE_BASE_TD
#define KILN_TILE_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Tile_Dialect : Dialect {
  let name = "tile";
  let cppNamespace = "::kiln::tile";
  let summary = "Block-level tile kernels for accelerators";
  let description = [{
    A kernel is a `func.func` carrying the unit attribute `tile.kernel` and a
    launch grid `tile.grid = array<i64: ...>`. Each instance of the grid moves
    whole `!tile.tile` values between global memrefs and on-chip memory.
  }];
  let useDefaultTypePrinterParser = 1;
  let useFoldAPI = kEmitFoldAdaptorFolder;
  // Checks tile.kernel / tile.grid on the functions that carry them.
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    static constexpr ::llvm::StringLiteral kKernelAttrName = "tile.kernel";
    static constexpr ::llvm::StringLiteral kGridAttrName = "tile.grid";
  }];
}

def Tile_TileType : TypeDef<Tile_Dialect, "Tile"> {
  let mnemonic = "tile";
  let summary = "a rank-2 tile of f32, f16, bf16 or i32 elements";
  let parameters = (ins "int64_t":$rows, "int64_t":$cols, "::mlir::Type":$elementType);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getNumElements() const { return getRows() * getCols(); }
    bool isFloat() const { return getElementType().isa<::mlir::FloatType>(); }
    /// Same shape, another element type.
    TileType withElementType(::mlir::Type type) const {
      return TileType::get(getContext(), getRows(), getCols(), type);
    }
  }];
}

def Tile_AnyTile : Type<CPred<"$_self.isa<::kiln::tile::TileType>()">, "tile",
                        "::kiln::tile::TileType">;
def Tile_FloatTile : Type<And<[Tile_AnyTile.predicate,
    CPred<"$_self.cast<::kiln::tile::TileType>().isFloat()">]>,
    "tile of floating-point elements", "::kiln::tile::TileType">;
def Tile_F32Tile : Type<And<[Tile_AnyTile.predicate,
    CPred<"$_self.cast<::kiln::tile::TileType>().getElementType().isF32()">]>,
    "tile of f32 elements", "::kiln::tile::TileType">;

// Element types a tile or a global tensor may hold.
def Tile_ElementType : AnyTypeOf<[F32, F16, BF16, I32]>;
def Tile_GlobalMemRef : StaticShapeMemRefOf<[F32, F16, BF16, I32]>;

class Tile_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic, traits>;

#endif // KILN_TILE_BASE_TD
