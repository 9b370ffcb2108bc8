#include "worker/backends/nvidia/lower/gpu/lower_to_gpu.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/backends/nvidia/lower/gpu/gpu_emitter.h"

namespace kiln::lower {
namespace {

/// Kernel parameter types as the GPU code sees them: bf16 data travels as
/// its 16-bit patterns, which has the same size and the same ABI.
mlir::Type gpuArgumentType(mlir::Type type) {
  auto memref = type.dyn_cast<mlir::MemRefType>();
  if (!memref || !memref.getElementType().isBF16()) return type;
  return mlir::MemRefType::get(memref.getShape(), mlir::IntegerType::get(type.getContext(), 16));
}

/// The kernel's shared memory: a static array within the 48 KiB limit,
/// otherwise the extern dynamic array whose size the launch supplies.
mlir::Value sharedMemoryBase(mlir::OpBuilder &b, mlir::gpu::GPUModuleOp into, mlir::gpu::GPUFuncOp func,
                             const plan::KernelPlan &plan) {
  if (plan.shared_bytes == 0) return {};
  mlir::Location loc = func.getLoc();
  std::string name = plan.kernel + "_smem";
  int64_t size = plan.dynamic_shared ? 0 : plan.shared_bytes;
  auto type = mlir::MemRefType::get({size}, b.getIntegerType(8), mlir::MemRefLayoutAttrInterface{},
                                    b.getI64IntegerAttr(3));
  {
    mlir::OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(func);
    if (plan.dynamic_shared)
      b.create<mlir::memref::GlobalOp>(loc, name, /*sym_visibility=*/nullptr, type,
                                       /*initial_value=*/nullptr, false, b.getI64IntegerAttr(16));
    else
      b.create<mlir::memref::GlobalOp>(loc, name, b.getStringAttr("private"), type, b.getUnitAttr(), false,
                                       b.getI64IntegerAttr(16));
  }
  return b.create<mlir::memref::GetGlobalOp>(loc, type, name);
}

}  // namespace

mlir::LogicalResult lowerKernelToGpu(mlir::func::FuncOp kernel, const plan::PlanResult &plan,
                                     mlir::gpu::GPUModuleOp into) {
  mlir::OpBuilder b(kernel.getContext());
  b.setInsertionPoint(into.getBody()->getTerminator());
  llvm::SmallVector<mlir::Type> argTypes;
  for (mlir::Type type : kernel.getArgumentTypes()) argTypes.push_back(gpuArgumentType(type));
  auto func = b.create<mlir::gpu::GPUFuncOp>(kernel.getLoc(), kernel.getSymName(),
                                             b.getFunctionType(argTypes, {}));
  func->setAttr(mlir::gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());

  b.setInsertionPointToStart(&func.getBody().front());
  mlir::Value base = sharedMemoryBase(b, into, func, plan.plan);
  mlir::Value threadId = b.create<mlir::gpu::ThreadIdOp>(kernel.getLoc(), mlir::gpu::Dimension::x);

  GpuEmitter emitter(b, plan);
  emitter.begin(base, threadId);
  for (auto [from, to] : llvm::zip(kernel.getArguments(), func.getArguments())) emitter.map.map(from, to);
  if (mlir::failed(emitter.emitBlock(kernel.getBody().front()))) return mlir::failure();
  b.create<mlir::gpu::ReturnOp>(kernel.getLoc());
  return mlir::success();
}

void registerGpuLoweringDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::gpu::GPUDialect, mlir::memref::MemRefDialect, mlir::arith::ArithDialect,
                  mlir::math::MathDialect, mlir::scf::SCFDialect, mlir::cf::ControlFlowDialect>();
}

}  // namespace kiln::lower
