// One CUDA C statement per scalar op of the lowered code. Integer arithmetic
// goes through unsigned types so that wrap-around is defined behaviour in C,
// as it is in MLIR.
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "worker/backends/nvidia/lower/cuda/c_syntax.h"
#include "worker/backends/nvidia/lower/cuda/cuda_writer.h"

namespace kiln::lower {
namespace {

std::string wrapping(CudaWriter &w, mlir::Operation *op, const char *symbol) {
  mlir::Type type = op->getResult(0).getType();
  std::string u = cUnsignedType(type);
  return "(" + cType(type) + ")((" + u + ")" + w.name(op->getOperand(0)) + " " + symbol + " (" + u + ")" +
         w.name(op->getOperand(1)) + ")";
}

std::string unsignedOp(CudaWriter &w, mlir::Operation *op, const char *symbol) {
  mlir::Type type = op->getOperand(0).getType();
  std::string u = cUnsignedType(type);
  return "(" + cType(op->getResult(0).getType()) + ")((" + u + ")" + w.name(op->getOperand(0)) + " " +
         symbol + " (" + u + ")" + w.name(op->getOperand(1)) + ")";
}

std::string infix(CudaWriter &w, mlir::Operation *op, const char *symbol) {
  return w.name(op->getOperand(0)) + " " + symbol + " " + w.name(op->getOperand(1));
}

std::string call(CudaWriter &w, mlir::Operation *op, const char *function) {
  std::string args;
  for (mlir::Value operand : op->getOperands()) args += (args.empty() ? "" : ", ") + w.name(operand);
  return std::string(function) + "(" + args + ")";
}

std::string compareInt(CudaWriter &w, mlir::arith::CmpIOp cmp) {
  using P = mlir::arith::CmpIPredicate;
  bool isUnsigned = cmp.getPredicate() == P::ult || cmp.getPredicate() == P::ule ||
                    cmp.getPredicate() == P::ugt || cmp.getPredicate() == P::uge;
  const char *symbol = "==";
  switch (cmp.getPredicate()) {
    case P::eq: symbol = "=="; break;
    case P::ne: symbol = "!="; break;
    case P::slt: case P::ult: symbol = "<"; break;
    case P::sle: case P::ule: symbol = "<="; break;
    case P::sgt: case P::ugt: symbol = ">"; break;
    case P::sge: case P::uge: symbol = ">="; break;
  }
  if (!isUnsigned) return infix(w, cmp, symbol);
  std::string u = cUnsignedType(cmp.getLhs().getType());
  return "(" + u + ")" + w.name(cmp.getLhs()) + " " + symbol + " (" + u + ")" + w.name(cmp.getRhs());
}

std::string compareFloat(CudaWriter &w, mlir::arith::CmpFOp cmp) {
  using P = mlir::arith::CmpFPredicate;
  std::string a = w.name(cmp.getLhs()), b = w.name(cmp.getRhs());
  std::string unordered = "(isnan(" + a + ") || isnan(" + b + "))";
  switch (cmp.getPredicate()) {
    case P::AlwaysFalse: return "false";
    case P::AlwaysTrue: return "true";
    case P::OEQ: return a + " == " + b;
    case P::OGT: return a + " > " + b;
    case P::OGE: return a + " >= " + b;
    case P::OLT: return a + " < " + b;
    case P::OLE: return a + " <= " + b;
    case P::ONE: return "(" + a + " < " + b + " || " + a + " > " + b + ")";
    case P::ORD: return "!" + unordered;
    case P::UNO: return unordered;
    case P::UEQ: return "(" + unordered + " || " + a + " == " + b + ")";
    case P::UGT: return "!(" + a + " <= " + b + ")";
    case P::UGE: return "!(" + a + " < " + b + ")";
    case P::ULT: return "!(" + a + " >= " + b + ")";
    case P::ULE: return "!(" + a + " > " + b + ")";
    case P::UNE: return a + " != " + b;
  }
  return "false";
}

/// base[index] of a memref with a static shape, row-major.
std::string element(CudaWriter &w, mlir::Value memref, mlir::ValueRange indices) {
  auto type = memref.getType().cast<mlir::MemRefType>();
  std::string flat;
  for (auto [dim, index] : llvm::enumerate(indices)) {
    flat = dim == 0 ? w.name(index)
                    : "(" + flat + ") * " + std::to_string(type.getDimSize(dim)) + "LL + " + w.name(index);
  }
  return w.name(memref) + "[" + flat + "]";
}

const char *dimension(mlir::gpu::Dimension d) {
  return d == mlir::gpu::Dimension::x ? "x" : d == mlir::gpu::Dimension::y ? "y" : "z";
}

/// The C expression computing `op`'s single result, or "" if unknown.
std::string expression(CudaWriter &w, mlir::Operation *op) {
  namespace arith = mlir::arith;
  namespace math = mlir::math;
  if (auto c = llvm::dyn_cast<arith::ConstantOp>(op)) return cLiteral(c.getValue());
  if (llvm::isa<arith::AddIOp>(op)) return wrapping(w, op, "+");
  if (llvm::isa<arith::SubIOp>(op)) return wrapping(w, op, "-");
  if (llvm::isa<arith::MulIOp>(op)) return wrapping(w, op, "*");
  if (llvm::isa<arith::DivSIOp>(op)) return infix(w, op, "/");
  if (llvm::isa<arith::RemSIOp>(op)) return infix(w, op, "%");
  if (llvm::isa<arith::DivUIOp>(op)) return unsignedOp(w, op, "/");
  if (llvm::isa<arith::RemUIOp>(op)) return unsignedOp(w, op, "%");
  if (llvm::isa<arith::AndIOp>(op)) return infix(w, op, "&");
  if (llvm::isa<arith::OrIOp>(op)) return infix(w, op, "|");
  if (llvm::isa<arith::XOrIOp>(op)) return infix(w, op, "^");
  if (llvm::isa<arith::ShLIOp>(op)) return wrapping(w, op, "<<");
  if (llvm::isa<arith::ShRUIOp>(op)) return unsignedOp(w, op, ">>");
  if (llvm::isa<arith::ShRSIOp>(op)) return infix(w, op, ">>");
  if (llvm::isa<arith::MaxSIOp>(op)) return call(w, op, "max");
  if (llvm::isa<arith::MinSIOp>(op)) return call(w, op, "min");
  if (llvm::isa<arith::AddFOp>(op)) return infix(w, op, "+");
  if (llvm::isa<arith::SubFOp>(op)) return infix(w, op, "-");
  if (llvm::isa<arith::MulFOp>(op)) return infix(w, op, "*");
  if (llvm::isa<arith::DivFOp>(op)) return infix(w, op, "/");
  if (llvm::isa<arith::MaxFOp>(op)) return call(w, op, "fmaxf");
  if (llvm::isa<arith::MinFOp>(op)) return call(w, op, "fminf");
  if (llvm::isa<arith::NegFOp>(op)) return "-" + w.name(op->getOperand(0));
  if (auto cmp = llvm::dyn_cast<arith::CmpIOp>(op)) return compareInt(w, cmp);
  if (auto cmp = llvm::dyn_cast<arith::CmpFOp>(op)) return compareFloat(w, cmp);
  if (auto s = llvm::dyn_cast<arith::SelectOp>(op))
    return w.name(s.getCondition()) + " ? " + w.name(s.getTrueValue()) + " : " + w.name(s.getFalseValue());
  mlir::Type to = op->getNumResults() ? op->getResult(0).getType() : mlir::Type();
  if (llvm::isa<arith::IndexCastOp, arith::ExtSIOp, arith::TruncIOp, arith::SIToFPOp>(op))
    return "(" + cType(to) + ")" + w.name(op->getOperand(0));
  if (llvm::isa<arith::ExtUIOp>(op))
    return "(" + cType(to) + ")(" + cUnsignedType(op->getOperand(0).getType()) + ")" + w.name(op->getOperand(0));
  if (llvm::isa<arith::FPToSIOp>(op) && to.isInteger(32))
    return "__float2int_rz(" + w.name(op->getOperand(0)) + ")";  // saturating, unlike a C cast
  if (llvm::isa<arith::ExtFOp>(op) && op->getOperand(0).getType().isF16())
    return "__half2float(" + w.name(op->getOperand(0)) + ")";
  if (llvm::isa<arith::TruncFOp>(op) && to.isF16()) return "__float2half_rn(" + w.name(op->getOperand(0)) + ")";
  if (auto cast = llvm::dyn_cast<arith::BitcastOp>(op)) {
    if (to.isF32() && cast.getIn().getType().isInteger(32)) return "__int_as_float(" + w.name(cast.getIn()) + ")";
    if (to.isInteger(32) && cast.getIn().getType().isF32()) return "__float_as_int(" + w.name(cast.getIn()) + ")";
  }
  if (llvm::isa<math::ExpOp>(op)) return call(w, op, "expf");
  if (llvm::isa<math::LogOp>(op)) return call(w, op, "logf");
  if (llvm::isa<math::SqrtOp>(op)) return call(w, op, "sqrtf");
  if (llvm::isa<math::RsqrtOp>(op)) return call(w, op, "rsqrtf");
  if (llvm::isa<math::AbsFOp>(op)) return call(w, op, "fabsf");
  if (llvm::isa<math::FmaOp>(op)) return call(w, op, "fmaf");
  if (llvm::isa<math::RoundEvenOp>(op)) return call(w, op, "rintf");
  if (auto id = llvm::dyn_cast<mlir::gpu::ThreadIdOp>(op))
    return std::string("(long long)threadIdx.") + dimension(id.getDimension());
  if (auto id = llvm::dyn_cast<mlir::gpu::BlockIdOp>(op))
    return std::string("(long long)blockIdx.") + dimension(id.getDimension());
  if (auto load = llvm::dyn_cast<mlir::memref::LoadOp>(op))
    return element(w, load.getMemref(), load.getIndices());
  return "";
}

}  // namespace

mlir::LogicalResult writeScalarOp(CudaWriter &w, mlir::Operation *op) {
  if (llvm::isa<mlir::memref::GetGlobalOp>(op)) return mlir::success();  // declared up front
  if (llvm::isa<mlir::gpu::BarrierOp>(op)) {
    w.line("__syncthreads();");
    return mlir::success();
  }
  if (llvm::isa<mlir::gpu::ReturnOp>(op)) return mlir::success();  // the function's end
  if (auto store = llvm::dyn_cast<mlir::memref::StoreOp>(op)) {
    w.line(element(w, store.getMemref(), store.getIndices()) + " = " + w.name(store.getValue()) + ";");
    return mlir::success();
  }
  if (auto view = llvm::dyn_cast<mlir::memref::ViewOp>(op)) {
    std::string type = cType(view.getType());
    w.line(type + " " + w.name(view.getResult()) + " = reinterpret_cast<" + type + ">(" +
           w.name(view.getSource()) + " + " + w.name(view.getByteShift()) + ");");
    return mlir::success();
  }
  if (op->getNumResults() == 1) {
    std::string expr = expression(w, op);
    if (!expr.empty()) {
      w.line("const " + cType(op->getResult(0).getType()) + " " + w.name(op->getResult(0)) + " = " + expr + ";");
      return mlir::success();
    }
  }
  return op->emitOpError("has no CUDA C spelling in kiln's emitter");
}

}  // namespace kiln::lower
