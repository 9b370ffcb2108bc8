// gpu.module -> LLVM dialect with NVVM intrinsics. Written out rather than
// using convert-gpu-to-nvvm so that the pattern set (math included) and the
// bare-pointer calling convention are ours to choose.
#include "worker/backends/nvidia/lower/ptx/nvvm_conversion.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/LoweringOptions.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/Passes.h"

namespace kiln::lower {
namespace {

mlir::LogicalResult convertToNvvm(mlir::gpu::GPUModuleOp module) {
  mlir::MLIRContext *context = module.getContext();
  mlir::LowerToLLVMOptions options(context);
  options.overrideIndexBitwidth(64);
  // One pointer per memref, in argument order: the ABI of nvcc's extern "C"
  // kernels, so both paths launch the same way.
  options.useBarePtrCallConv = true;
  mlir::LLVMTypeConverter converter(context, options);
  // kiln spells shared memory as the integer memory space 3 (NVVM's
  // shared space), which the LLVM type converter maps directly.

  mlir::RewritePatternSet patterns(context);
  mlir::populateGpuToNVVMConversionPatterns(converter, patterns);
  mlir::arith::populateArithToLLVMConversionPatterns(converter, patterns);
  mlir::populateMathToLLVMConversionPatterns(converter, patterns);
  mlir::cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
  mlir::populateFuncToLLVMConversionPatterns(converter, patterns);
  mlir::populateMemRefToLLVMConversionPatterns(converter, patterns);

  mlir::LLVMConversionTarget target(*context);
  mlir::configureGpuToNVVMConversionLegality(target);
  return mlir::applyPartialConversion(module, target, std::move(patterns));
}

}  // namespace

mlir::LogicalResult lowerGpuModuleToNvvm(mlir::gpu::GPUModuleOp module) {
  mlir::PassManager structured(module.getContext(), mlir::gpu::GPUModuleOp::getOperationName());
  structured.addPass(mlir::createConvertSCFToCFPass());
  structured.addPass(mlir::memref::createExpandStridedMetadataPass());
  if (mlir::failed(structured.run(module))) return mlir::failure();
  if (mlir::failed(convertToNvvm(module))) return mlir::failure();
  mlir::PassManager cleanup(module.getContext(), mlir::gpu::GPUModuleOp::getOperationName());
  cleanup.addPass(mlir::createReconcileUnrealizedCastsPass());
  cleanup.addPass(mlir::createCanonicalizerPass());
  return cleanup.run(module);
}

}  // namespace kiln::lower
