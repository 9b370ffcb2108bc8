// tile.matmul on the cube unit, for kernels that are all cube work:
//   tile.load -> L1 (A1/B1) with DataCopy(Nd2NzParams): ND to Nz   MTE2
//   L1 -> L0A (Zz) with LoadData, L1 -> L0B (Zn) with LoadData
//   (ifTranspose, half) or LoadDataWithTranspose (float)            MTE1
//   Mmad into L0C; cmatrixInitVal true for a product or the first
//   accumulation into a zero start, false after                     M
//   tile.store of the result: Fixpipe L0C -> GM as ND               FIX
// Each hand-over between pipes is a SetFlag/WaitFlag pair, set and
// waited at once: the pipes do not overlap (kiln does not pipeline the
// cube path yet), but every dependency is synchronised. The layout
// arithmetic is the one of the asc-devkit docs and catlass, as the
// model's own gemm sample spells it (tests/backends/ascend/cpu_model/
// gemm_kernel.h): every M, N and K must be a multiple of 16.
// All buffers are TBufs at the plan's offsets; SoCs without Fixpipe (310P)
// get a located [ascend.unsupported] before this file is reached.
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/backends/ascend/lower/ascendc/ascendc_types.h"
#include "worker/backends/ascend/lower/ascendc/kernel_emitter.h"
#include "worker/ir/tile_ops.h"
#include "worker/plan/ascend_planner.h"

namespace kiln::ascend::lower {
namespace {

bool isZeroConstant(mlir::Value v) {
  auto c = llvm::dyn_cast_or_null<tile::ConstantOp>(v.getDefiningOp());
  if (!c) return false;
  if (auto f = c.getValue().dyn_cast<mlir::FloatAttr>()) return f.getValue().isZero();
  if (auto i = c.getValue().dyn_cast<mlir::IntegerAttr>()) return i.getValue().isZero();
  return false;
}

std::string str(int64_t v) { return std::to_string(v); }

}  // namespace

mlir::LogicalResult KernelEmitter::assignCubeBuffer(TileBuffer &t, const std::vector<mlir::Value> &members) {
  const plan::Buffer &b = kernel_.plan->plan.buffers[t.id];
  t.role = BufferRole::kCube;
  t.holder = "cubeBuf" + std::to_string(t.id);
  static const std::map<plan::DType, std::string> kCxx = {
      {plan::DType::kF32, "float"}, {plan::DType::kF16, "half"}, {plan::DType::kBF16, "bfloat16_t"},
      {plan::DType::kI32, "int32_t"}};
  t.cxx_type = kCxx.count(b.dtype) ? kCxx.at(b.dtype) : "float";
  for (mlir::Value v : members)
    if (v.getDefiningOp() && llvm::isa<tile::LoadOp>(v.getDefiningOp()) && b.defined_by == "tile.load")
      t.copies = plan::ascendBufferCopies(v);
  switch (b.space) {
    case plan::MemorySpace::kL0A: t.position = "A2"; return mlir::success();
    case plan::MemorySpace::kL0B: t.position = "B2"; return mlir::success();
    case plan::MemorySpace::kL0C: t.position = "CO1"; return mlir::success();
    case plan::MemorySpace::kL1: break;
    default: {
      mlir::func::FuncOp func = kernel_.func;
      mlir::Operation *at = func.getOperation();
      if (!members.empty()) {
        mlir::Value first = members.front();
        at = first.getDefiningOp() ? first.getDefiningOp() : first.getParentBlock()->getParentOp();
      }
      return unsupported(at, "a cube kernel has no UB, and this tile would need it");
    }
  }
  bool a = false, bside = false;
  for (mlir::Value v : members)
    for (mlir::OpOperand &use : v.getUses())
      if (llvm::isa<tile::MatmulOp>(use.getOwner())) (use.getOperandNumber() == 0 ? a : bside) = true;
  if (a == bside) return unsupported(members.front().getDefiningOp(), "a tile in L1 must feed one side of the matmul");
  t.position = a ? "A1" : "B1";
  return mlir::success();
}

void KernelEmitter::cubeCopy(mlir::Value to, mlir::Value from) {
  TileBuffer *dst = bufferOf(to);
  if (!isZeroConstant(from) || !dst || kernel_.plan->plan.buffers[dst->id].space != plan::MemorySpace::kL0C) {
    mlir::Operation *at = from.getDefiningOp() ? from.getDefiningOp() : to.getParentBlock()->getParentOp();
    (void)unsupported(at, "on the cube, an accumulator can only start from a zero tile.constant");
    failed_ = true;
    return;
  }
  // A loop that might not run would leave the zeros unwritten: Mmad is
  // what writes them, so the trip count must be known to be positive.
  auto arg = to.dyn_cast<mlir::BlockArgument>();
  auto loop = arg ? llvm::dyn_cast<mlir::scf::ForOp>(arg.getOwner()->getParentOp()) : nullptr;
  auto constantOf = [](mlir::Value v) -> std::optional<int64_t> {
    if (auto c = llvm::dyn_cast_or_null<mlir::arith::ConstantIndexOp>(v.getDefiningOp())) return c.value();
    return std::nullopt;
  };
  if (!loop || !constantOf(loop.getLowerBound()) || !constantOf(loop.getUpperBound()) ||
      *constantOf(loop.getLowerBound()) >= *constantOf(loop.getUpperBound())) {
    (void)unsupported(from.getDefiningOp(), "a zero accumulator on the cube needs a loop with constant bounds "
                                            "that runs at least once");
    failed_ = true;
    return;
  }
  std::string flag = "zero" + std::to_string(dst->id);
  zero_flag_[dst->id] = flag;
  line("bool " + flag + " = true;  // " + dst->var + " holds the zero start: the next Mmad sets cmatrixInitVal");
}

mlir::LogicalResult KernelEmitter::emitCubeLoad(mlir::Operation *op) {
  auto load = llvm::cast<tile::LoadOp>(op);
  auto type = load.getResult().getType().cast<tile::TileType>();
  TileBuffer *t = bufferOf(load.getResult());
  mlir::Type element = type.getElementType();
  if (!t || kernel_.plan->plan.buffers[t->id].space != plan::MemorySpace::kL1)
    return unsupported(op, "a cube kernel loads only matmul operands into L1");
  if (!element.isF32() && !element.isF16()) return unsupported(op, "kiln's cube path takes f16 and f32 operands");
  int64_t rows = type.getRows(), cols = type.getCols();
  if (rows % 16 || cols % 16) return unsupported(op, "cube tiles must have rows and columns that are multiples of 16");
  auto memref = load.getSource().getType().cast<mlir::MemRefType>();
  int64_t rowLength = memref.getShape().back();
  auto arg = load.getSource().dyn_cast<mlir::BlockArgument>();
  if (!arg || !gm_.count(scalar(arg))) return unsupported(op, "a load from a memref that is not a kernel parameter");
  std::string gm = gm_[scalar(arg)] + "[" + gmOffset(load.getSource(), load.getIndices(), rows, cols) + "]";
  std::string params;
  if (t->position == "A1" || element.isF16()) {
    // One Nz matrix: C0-column blocks of all the rows, one after another.
    params = "Nd2NzParams(1, " + str(rows) + ", " + str(cols) + ", 0, " + str(rowLength) + ", " + str(rows) + ", 1, 0)";
  } else {
    // float B: 16-row Nz matrices, so each 16 x 16 square is two fractals in a row.
    params = "Nd2NzParams(" + str(rows / 16) + ", 16, " + str(cols) + ", " + str(16 * rowLength) + ", " +
             str(rowLength) + ", 16, 1, " + str(16 * cols) + ")";
  }
  line("SetFlag<HardEvent::MTE1_MTE2>(0);  // L1 is no longer read by the last LoadData");
  line("WaitFlag<HardEvent::MTE1_MTE2>(0);");
  line("DataCopy(" + t->var + ", " + gm + ", " + params + ");");
  line("SetFlag<HardEvent::MTE2_MTE1>(0);");
  line("WaitFlag<HardEvent::MTE2_MTE1>(0);");
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitMatmul(mlir::Operation *op) {
  auto matmul = llvm::cast<tile::MatmulOp>(op);
  if (!cube_kernel_) return unsupported(op, "a matmul in a vector kernel");
  auto a = matmul.getLhs().getType().cast<tile::TileType>();
  auto b = matmul.getRhs().getType().cast<tile::TileType>();
  int64_t m = a.getRows(), k = a.getCols(), n = b.getCols();
  mlir::Type element = a.getElementType();
  if (m % 16 || n % 16 || k % 16 || m > 4095 || n > 4095 || k > 4095)
    return unsupported(op, "Mmad needs m, n and k that are multiples of 16 (and at most 4095) here");
  if (!element.isF32() && !element.isF16()) return unsupported(op, "kiln's cube path takes f16 and f32 operands");
  // The L0A/L0B copies the planner staged for this op.
  int position = numbering_.begin.lookup(op);
  TileBuffer *l0a = nullptr, *l0b = nullptr;
  for (const plan::PlannedOp &p : kernel_.plan->plan.ops)
    if (p.position == position && !p.results.empty()) {
      if (p.name == "kiln.move_to_l0a") l0a = &buffers_[p.results[0]];
      if (p.name == "kiln.move_to_l0b") l0b = &buffers_[p.results[0]];
    }
  TileBuffer *l1a = bufferOf(matmul.getLhs()), *l1b = bufferOf(matmul.getRhs()), *c = bufferOf(matmul.getResult());
  if (!l0a || !l0b || !l1a || !l1b || l1a->position != "A1" || l1b->position != "B1")
    return unsupported(op, "the operands must be tiles loaded from GM for the cube");
  std::string init = "true";
  if (mlir::Value acc = matmul.getAcc()) {
    if (bufferOf(acc) != c) return unsupported(op, "the accumulator must share the result's L0C buffer");
    init = zero_flag_.count(c->id) ? zero_flag_[c->id] : "false";
  }
  int64_t k0 = 32 / elementBytes(element), m1 = m / 16, n1 = n / 16, k1 = k / k0;
  line("SetFlag<HardEvent::M_MTE1>(0);  // L0A/L0B are no longer read by the last Mmad");
  line("WaitFlag<HardEvent::M_MTE1>(0);");
  line("for (uint32_t i = 0; i < " + str(m1) + "; ++i) {  // A: one 16-row group of Nz fractals into Zz");
  line("  LoadData(" + l0a->var + "[i * " + str(k1 * 16 * k0) + "], " + l1a->var + ", LoadData2DParams(i, " + str(k1) +
       ", " + str(m1) + ", 0, 0, false, 0));");
  line("}");
  if (element.isF16()) {
    line("for (uint32_t j = 0; j < " + str(k / 16) + "; ++j) {  // B: fractals transposed into Zn");
    line("  LoadData(" + l0b->var + "[j * " + str(n1 * 256) + "], " + l1b->var + ", LoadData2DParams(j, " + str(n1) +
         ", " + str(k / 16) + ", 0, 0, true, 0));");
  } else {
    line("for (uint32_t g = 0; g < " + str(k / 16) + "; ++g) {  // B: float squares transposed into Zn");
    line("  LoadDataWithTranspose(" + l0b->var + "[2 * g * " + str(n1 * 16 * k0) + "], " + l1b->var +
         ", LoadData2dTransposeParams(g * " + str(n1) + ", " + str(n1) + ", 1, 0, " + str(n1 - 1) + "));");
  }
  line("}");
  line("SetFlag<HardEvent::MTE1_M>(0);");
  line("WaitFlag<HardEvent::MTE1_M>(0);");
  line("{");
  line("  MmadParams mm;");
  line("  mm.m = " + str(m) + ";");
  line("  mm.n = " + str(n) + ";");
  line("  mm.k = " + str(k) + ";");
  line("  mm.cmatrixInitVal = " + init + ";  // true: C = A*B; false: C += A*B");
  line("  Mmad(" + c->var + ", " + l0a->var + ", " + l0b->var + ", mm);");
  line("}");
  if (zero_flag_.count(c->id)) line(zero_flag_[c->id] + " = false;");
  if (m1 * n1 < 10) line("PipeBarrier<PIPE_M>();  // small Mmads that accumulate need it between them");
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitFixpipe(mlir::Operation *op) {
  auto store = llvm::cast<tile::StoreOp>(op);
  auto type = store.getValue().getType().cast<tile::TileType>();
  TileBuffer *t = bufferOf(store.getValue());
  if (!t || kernel_.plan->plan.buffers[t->id].space != plan::MemorySpace::kL0C || !type.getElementType().isF32())
    return unsupported(op, "a cube kernel stores only f32 matmul results, through Fixpipe");
  auto arg = store.getDest().dyn_cast<mlir::BlockArgument>();
  if (!arg || !gm_.count(scalar(arg))) return unsupported(op, "a store to a memref that is not a kernel parameter");
  int64_t rows = type.getRows(), cols = type.getCols();
  int64_t rowLength = store.getDest().getType().cast<mlir::MemRefType>().getShape().back();
  std::string gm = gm_[scalar(arg)] + "[" + gmOffset(store.getDest(), store.getIndices(), rows, cols) + "]";
  line("SetFlag<HardEvent::M_FIX>(0);");
  line("WaitFlag<HardEvent::M_FIX>(0);");
  line("Fixpipe(" + gm + ", " + t->var + ", FixpipeParamsV220(" + str(cols) + ", " + str(rows) + ", " + str(rows) +
       ", " + str(rowLength) + ", false));  // Nz in L0C to ND rows in GM");
  line("PipeBarrier<PIPE_ALL>();");
  return mlir::success();
}

}  // namespace kiln::ascend::lower
