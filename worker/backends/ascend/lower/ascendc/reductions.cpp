// tile.reduce_sum/reduce_max and tile.softmax, composed from count-form
// intrinsics as the docs advise (the high-level SoftMax needs host tiling).
// - Axis 1: ReduceSum/ReduceMax per row into its own 32 B slot of the
//   scratch, then the scalar unit moves the slots into the Rx1 tile (V_S
//   before reading, S_V before vector work reads what it wrote).
// - Axis 0: the first row copied, then Add/Max row after row, in index
//   order: the reference's order, so sums agree bit for bit.
// The scratch layout is the one ascendScratchBytes sized in the plan.
// Reductions on f16/i32 rows and f16 softmax are located errors: the
// reference accumulates in f32, which half-precision intrinsics do not.
#include "worker/backends/ascend/lower/ascendc/ascendc_types.h"
#include "worker/backends/ascend/lower/ascendc/kernel_emitter.h"
#include "worker/ir/tile_ops.h"
#include "worker/plan/ascend_planner.h"

namespace kiln::ascend::lower {
namespace {

int64_t roundUp(int64_t v, int64_t to) { return (v + to - 1) / to * to; }

}  // namespace

void KernelEmitter::syncVectorToScalar() {
  line("SetFlag<HardEvent::V_S>(0);");
  line("WaitFlag<HardEvent::V_S>(0);");
}

void KernelEmitter::syncScalarToVector() {
  line("SetFlag<HardEvent::S_V>(0);");
  line("WaitFlag<HardEvent::S_V>(0);");
}

mlir::LogicalResult KernelEmitter::emitReduce(mlir::Operation *op) {
  bool isMax = llvm::isa<tile::ReduceMaxOp>(op);
  int64_t axis = op->getAttrOfType<mlir::IntegerAttr>("axis").getInt();
  mlir::Value input = op->getOperand(0), result = op->getResult(0);
  auto type = input.getType().cast<tile::TileType>();
  mlir::Type element = type.getElementType();
  std::string cxx = cxxElementType(element), src = tensor(input), dst = tensor(result);
  int64_t rows = type.getRows(), cols = type.getCols(), size = elementBytes(element);
  std::string c = std::to_string(cols), r = std::to_string(rows);
  bool exactInType = element.isF32() || (isMax && element.isF16()) || (axis == 0 && element.isSignlessInteger(32));
  if (!exactInType)
    return unsupported(op, "the reference accumulates in f32, which this dtype's reduction intrinsics do not");
  if (rows > 1 && (cols * size) % 32 != 0)
    return unsupported(op, "each row must start 32 B aligned, and a row of " + std::to_string(cols * size) +
                               " bytes does not");
  if (axis == 0) {
    std::string one = element.isSignlessInteger(32) ? "1" : floatLiteral(1.0, cxx);
    line("Muls(" + dst + ", " + src + ", " + one + ", " + c + ");");
    vectorBarrier();
    line("for (int32_t r = 1; r < " + r + "; ++r) {");
    line(std::string("  ") + (isMax ? "Max" : "Add") + "(" + dst + ", " + dst + ", " + src + "[r * " + c + "], " + c + ");");
    line("  PipeBarrier<PIPE_V>();");
    line("}");
    return mlir::success();
  }
  int64_t slot = 32 / size;
  std::string scratch = "scratchBuf.Get<" + cxx + ">()";
  line("{");
  ++indent_;
  line("LocalTensor<" + cxx + "> rowResults = " + scratch + ";  // one 32 B slot per row");
  line("LocalTensor<" + cxx + "> reduceTmp = " + scratch + "[" + std::to_string(rows * slot) + "];");
  line("for (int32_t r = 0; r < " + r + "; ++r) {");
  if (isMax)
    line("  ReduceMax(rowResults[r * " + std::to_string(slot) + "], " + src + "[r * " + c + "], reduceTmp, " + c + ", false);");
  else
    line("  ReduceSum(rowResults[r * " + std::to_string(slot) + "], " + src + "[r * " + c + "], reduceTmp, " + c + ");");
  line("  PipeBarrier<PIPE_V>();  // reduceTmp is reused by the next row");
  line("}");
  syncVectorToScalar();
  line("for (int32_t r = 0; r < " + r + "; ++r) {");
  line("  " + dst + ".SetValue(r, rowResults.GetValue(r * " + std::to_string(slot) + "));");
  line("}");
  syncScalarToVector();
  --indent_;
  line("}");
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitSoftmax(mlir::Operation *op) {
  auto softmax = llvm::cast<tile::SoftmaxOp>(op);
  auto type = softmax.getInput().getType().cast<tile::TileType>();
  if (!type.getElementType().isF32())
    return unsupported(op, "the reference computes softmax in f32; kiln composes it for f32 tiles only");
  int64_t rows = type.getRows(), cols = type.getCols();
  if (rows > 1 && (cols * 4) % 32 != 0)
    return unsupported(op, "each row must start 32 B aligned, and a row of " + std::to_string(cols * 4) +
                               " bytes does not");
  std::string src = tensor(softmax.getInput()), dst = tensor(softmax.getResult());
  std::string c = std::to_string(cols), r = std::to_string(rows), n = std::to_string(rows * cols);
  std::string scratch = "scratchBuf.Get<float>()";
  line("{");
  ++indent_;
  if (softmax.getAxis() == 1) {
    int64_t tmpElems = roundUp(plan::ascendReduceTmpElems(cols, 4) * 4, 32) / 4;
    line("LocalTensor<float> rowResult = " + scratch + ";");
    line("LocalTensor<float> reduceTmp = " + scratch + "[8];");
    line("LocalTensor<float> rowSum = " + scratch + "[" + std::to_string(8 + tmpElems) + "];");
    line("for (int32_t r = 0; r < " + r + "; ++r) {");
    ++indent_;
    line("ReduceMax(rowResult, " + src + "[r * " + c + "], reduceTmp, " + c + ", false);");
    syncVectorToScalar();
    line("const float rowMax = rowResult.GetValue(0);");
    line("Adds(" + dst + "[r * " + c + "], " + src + "[r * " + c + "], -rowMax, " + c + ");");
    vectorBarrier();
    line("Exp(" + dst + "[r * " + c + "], " + dst + "[r * " + c + "], " + c + ");");
    vectorBarrier();
    line("ReduceSum(rowResult, " + dst + "[r * " + c + "], reduceTmp, " + c + ");");
    syncVectorToScalar();
    line("Duplicate(rowSum, rowResult.GetValue(0), " + c + ");");
    vectorBarrier();
    line("Div(" + dst + "[r * " + c + "], " + dst + "[r * " + c + "], rowSum, " + c + ");");
    vectorBarrier();
    --indent_;
    line("}");
  } else {
    // Down each column: max and sum accumulate row by row, in index order.
    line("LocalTensor<float> colMax = " + scratch + ";");
    line("LocalTensor<float> colSum = " + scratch + "[" + std::to_string(roundUp(cols * 4, 32) / 4) + "];");
    line("Muls(colMax, " + src + ", 1.0f, " + c + ");");
    vectorBarrier();
    line("for (int32_t r = 1; r < " + r + "; ++r) {");
    line("  Max(colMax, colMax, " + src + "[r * " + c + "], " + c + ");");
    line("  PipeBarrier<PIPE_V>();");
    line("}");
    line("for (int32_t r = 0; r < " + r + "; ++r) {");
    line("  Sub(" + dst + "[r * " + c + "], " + src + "[r * " + c + "], colMax, " + c + ");");
    line("}");
    vectorBarrier();
    line("Exp(" + dst + ", " + dst + ", " + n + ");");
    vectorBarrier();
    line("Muls(colSum, " + dst + ", 1.0f, " + c + ");");
    vectorBarrier();
    line("for (int32_t r = 1; r < " + r + "; ++r) {");
    line("  Add(colSum, colSum, " + dst + "[r * " + c + "], " + c + ");");
    line("  PipeBarrier<PIPE_V>();");
    line("}");
    line("for (int32_t r = 0; r < " + r + "; ++r) {");
    line("  Div(" + dst + "[r * " + c + "], " + dst + "[r * " + c + "], colSum, " + c + ");");
    line("}");
    vectorBarrier();
  }
  --indent_;
  line("}");
  return mlir::success();
}

}  // namespace kiln::ascend::lower
