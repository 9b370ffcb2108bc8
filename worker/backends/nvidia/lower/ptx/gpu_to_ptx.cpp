#include "worker/backends/nvidia/lower/ptx/gpu_to_ptx.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "worker/backends/nvidia/lower/ptx/llvm_module_builder.h"
#include "worker/backends/nvidia/lower/ptx/nvvm_conversion.h"
#include "worker/ir/mlir_diagnostics.h"

namespace kiln::lower {
namespace {
Diagnostic backendError(std::string message) {
  Diagnostic d;
  d.tool = "kiln-ptx";
  d.message = std::move(message);
  return d;
}
}  // namespace

void registerPtxBackendDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::LLVM::LLVMDialect, mlir::NVVM::NVVMDialect>();
  mlir::registerLLVMDialectTranslation(registry);
  mlir::registerNVVMDialectTranslation(registry);
}

PtxResult gpuModuleToPtx(mlir::gpu::GPUModuleOp module, const PtxConfig &config) {
  PtxResult result;
  {
    DiagnosticCollector collector(*module.getContext(), result.diagnostics);
    if (mlir::failed(lowerGpuModuleToNvvm(module))) {
      if (!hasErrors(result.diagnostics))
        result.diagnostics.push_back(backendError("lowering to NVVM failed"));
      return result;
    }
  }
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine = createNvptxTargetMachine(config.ptx_arch, error);
  if (!machine) {
    result.diagnostics.push_back(backendError(error));
    return result;
  }
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      buildLlvmModule(module, llvmContext, *machine, config.libdevice_path, config.opt_level, error);
  if (!llvmModule) {
    result.diagnostics.push_back(backendError(error));
    return result;
  }
  llvm::SmallString<0> ptx;
  llvm::raw_svector_ostream stream(ptx);
  llvm::legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, stream, nullptr, llvm::CGFT_AssemblyFile)) {
    result.diagnostics.push_back(backendError("the NVPTX target cannot emit PTX"));
    return result;
  }
  codegen.run(*llvmModule);
  result.ptx = ptx.str().str();
  return result;
}

}  // namespace kiln::lower
