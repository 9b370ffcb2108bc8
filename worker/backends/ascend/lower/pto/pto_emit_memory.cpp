// Global memory in PTO: each memref argument is a `!pto.ptr<T>` wrapped once
// in a row-major tensor_view (a rank-1 memref<N> as 1xN), and each
// tile.load/tile.store goes through a partition_view at the tile's element
// offsets (tile coordinates times the tile shape). tile.program_id is the
// launch's linear block index, split row-major over the Tile IR grid.
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "worker/backends/ascend/lower/pto/pto_kernel_emitter.h"
#include "worker/ir/tile_ops.h"
#include "worker/ir/tile_type.h"

namespace kiln::ascend::lower::pto {
namespace {

std::string viewType(mlir::MemRefType memref) { return "!pto.tensor_view<?x?x" + ptoDType(memref.getElementType()) + ">"; }

std::string partitionType(tile::TileType tile) {
  return "!pto.partition_tensor_view<" + std::to_string(tile.getRows()) + "x" + std::to_string(tile.getCols()) + "x" +
         ptoDType(tile.getElementType()) + ">";
}

}  // namespace

void KernelEmitter::writeViews() {
  mlir::func::FuncOp func = kernel_.func;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto memref = func.getArgument(i).getType().dyn_cast<mlir::MemRefType>();
    if (!memref || !memref.hasStaticShape() || memref.getRank() < 1 || memref.getRank() > 2) continue;
    int64_t rows = memref.getRank() == 2 ? memref.getDimSize(0) : 1;
    int64_t cols = memref.getDimSize(memref.getRank() - 1);
    std::string name = "%gv" + std::to_string(i);
    views_[i] = name;
    views_text_ += "    " + name + " = pto.make_tensor_view %arg" + std::to_string(i) + ", shape = [" +
                   writer_.indexConstant(rows) + ", " + writer_.indexConstant(cols) + "], strides = [" +
                   writer_.indexConstant(cols) + ", " + writer_.indexConstant(1) + "] : " + viewType(memref) + "\n";
  }
  bool usesBlock = false;
  func.walk([&](tile::ProgramIdOp) { usesBlock = true; });
  // Once, before any loop or branch, so that it dominates every use.
  if (usesBlock)
    views_text_ += "    %block_i64 = pto.get_block_idx\n    %block = arith.index_cast %block_i64 : i64 to index\n";
}

mlir::LogicalResult KernelEmitter::emitProgramId(mlir::Operation *op) {
  auto id = llvm::cast<tile::ProgramIdOp>(op);
  const std::vector<int64_t> &grid = kernel_.plan->plan.grid;
  int64_t dim = id.getDim();
  if (dim < 0 || dim >= static_cast<int64_t>(grid.size())) return unsupported(op, "the dim is outside the kernel's grid");
  int64_t inner = 1;
  for (size_t d = dim + 1; d < grid.size(); ++d) inner *= grid[d];
  std::string value = "%block";
  if (inner > 1) {
    std::string q = writer_.fresh("pid");
    writer_.line(q + " = arith.divui " + value + ", " + writer_.indexConstant(inner) + " : index");
    value = q;
  }
  if (dim > 0) {
    std::string r = writer_.fresh("pid");
    writer_.line(r + " = arith.remui " + value + ", " + writer_.indexConstant(grid[dim]) + " : index");
    value = r;
  }
  writer_.setName(id.getResult(), value);
  return mlir::success();
}

namespace {

// The element offset of tile coordinate `index` along a side of `extent`.
std::string elementOffset(KernelEmitter &e, mlir::Value index, int64_t extent) {
  if (auto constant = index.getDefiningOp<mlir::arith::ConstantIndexOp>()) return e.w().indexConstant(constant.value() * extent);
  std::string out = e.w().fresh("off");
  e.w().line(out + " = arith.muli " + e.scalar(index) + ", " + e.w().indexConstant(extent) + " : index");
  return out;
}

struct Partition {
  std::string name;
  std::string type;
};

std::optional<Partition> partitionFor(KernelEmitter &e, mlir::Operation *op, mlir::Value memref, mlir::ValueRange indices,
                                      tile::TileType tile, const std::map<int, std::string> &views) {
  auto arg = memref.dyn_cast<mlir::BlockArgument>();
  auto view = arg ? views.find(arg.getArgNumber()) : views.end();
  if (!arg || !llvm::isa<mlir::func::FuncOp>(arg.getOwner()->getParentOp()) || view == views.end()) {
    (void)e.unsupported(op, "the memref is not a static rank-1 or rank-2 kernel argument");
    return std::nullopt;
  }
  std::string row = indices.size() == 2 ? elementOffset(e, indices[0], tile.getRows()) : e.w().indexConstant(0);
  std::string col = elementOffset(e, indices.back(), tile.getCols());
  Partition p{e.w().fresh("pv"), partitionType(tile)};
  e.w().line(p.name + " = pto.partition_view " + view->second + ", offsets = [" + row + ", " + col + "], sizes = [" +
             e.w().indexConstant(tile.getRows()) + ", " + e.w().indexConstant(tile.getCols()) + "] : " +
             viewType(memref.getType().cast<mlir::MemRefType>()) + " -> " + p.type);
  return p;
}

}  // namespace

mlir::LogicalResult KernelEmitter::emitLoad(mlir::Operation *op) {
  auto load = llvm::cast<tile::LoadOp>(op);
  auto type = load.getResult().getType().cast<tile::TileType>();
  std::optional<std::string> dst = valueTile(load.getResult(), op);
  if (!dst) return mlir::failure();
  std::optional<Partition> p = partitionFor(*this, op, load.getSource(), load.getIndices(), type, views_);
  if (!p) return mlir::failure();
  dps("tload", {{p->name, p->type}}, *dst);
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitStore(mlir::Operation *op) {
  auto store = llvm::cast<tile::StoreOp>(op);
  auto type = store.getValue().getType().cast<tile::TileType>();
  std::optional<std::string> src = operandTile(op, 0);
  if (!src) return mlir::failure();
  const plan::Buffer &b = planBuffer(bufferOf(store.getValue()));
  if (b.space == plan::MemorySpace::kL1 || b.space == plan::MemorySpace::kL0A || b.space == plan::MemorySpace::kL0B)
    return unsupported(op, std::string("pto.tstore writes global memory from vec or acc tiles, not from ") +
                               ptoLocation(b.space));
  std::optional<Partition> p = partitionFor(*this, op, store.getDest(), store.getIndices(), type, views_);
  if (!p) return mlir::failure();
  writer_.line("pto.tstore ins(" + *src + " : " + typeOf(*src) + ") outs(" + p->name + " : " + p->type + ")");
  return mlir::success();
}

}  // namespace kiln::ascend::lower::pto
