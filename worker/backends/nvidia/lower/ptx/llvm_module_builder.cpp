#include "worker/backends/nvidia/lower/ptx/llvm_module_builder.h"

#include <mutex>

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Linker/Linker.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Transforms/IPO/Internalize.h"
#include "mlir/Target/LLVMIR/Export.h"

extern "C" {
void LLVMInitializeNVPTXTargetInfo();
void LLVMInitializeNVPTXTarget();
void LLVMInitializeNVPTXTargetMC();
void LLVMInitializeNVPTXAsmPrinter();
}

namespace kiln::lower {
namespace {
constexpr const char *kTriple = "nvptx64-nvidia-cuda";
// The newest PTX ISA that LLVM 16's NVPTX back end can write.
constexpr const char *kPtxFeatures = "+ptx78";
/// libdevice's bytes, read once per process and path.
const llvm::MemoryBuffer *libdeviceBitcode(const std::string &path, std::string &error) {
  static std::mutex mutex;
  static llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = loaded.find(path);
  if (it != loaded.end()) return it->second.get();
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file = llvm::MemoryBuffer::getFile(path);
  if (!file) {
    error = "cannot load libdevice from " + path + ": " + file.getError().message();
    return nullptr;
  }
  return (loaded[path] = std::move(*file)).get();
}

}  // namespace

std::unique_ptr<llvm::TargetMachine> createNvptxTargetMachine(const std::string &arch,
                                                              std::string &error) {
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTarget();
    LLVMInitializeNVPTXTargetMC();
    LLVMInitializeNVPTXAsmPrinter();
  });
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(kTriple, error);
  if (!target) return nullptr;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      kTriple, arch, kPtxFeatures, llvm::TargetOptions(), std::nullopt, std::nullopt,
      llvm::CodeGenOpt::Aggressive));
  if (!machine) error = "cannot create an NVPTX target machine for " + arch;
  return machine;
}

std::unique_ptr<llvm::Module> buildLlvmModule(mlir::gpu::GPUModuleOp module,
                                              llvm::LLVMContext &context,
                                              llvm::TargetMachine &machine,
                                              const std::string &libdevicePath, int optLevel,
                                              std::string &error) {
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, module.getName());
  if (!llvmModule) {
    error = "translation of the NVVM dialect to LLVM IR failed";
    return nullptr;
  }
  llvmModule->setTargetTriple(kTriple);
  llvmModule->setDataLayout(machine.createDataLayout());

  // Everything kiln defined stays visible; libdevice's helpers become
  // internal so the optimizer can inline and drop them.
  llvm::StringSet<> keep;
  bool needsLibdevice = false;
  for (llvm::Function &f : *llvmModule) {
    if (!f.isDeclaration()) keep.insert(f.getName());
    needsLibdevice |= f.isDeclaration() && f.getName().starts_with("__nv_");
  }
  if (needsLibdevice) {
    // Lazily: only the few functions the kernel calls are materialized by
    // the linker, instead of parsing all of libdevice for every compile.
    const llvm::MemoryBuffer *bitcode = libdeviceBitcode(libdevicePath, error);
    if (!bitcode) return nullptr;
    llvm::Expected<std::unique_ptr<llvm::Module>> lazy =
        llvm::getLazyBitcodeModule(bitcode->getMemBufferRef(), context);
    if (!lazy) {
      error = "cannot read libdevice from " + libdevicePath + ": " + llvm::toString(lazy.takeError());
      return nullptr;
    }
    std::unique_ptr<llvm::Module> libdevice = std::move(*lazy);
    libdevice->setTargetTriple(kTriple);
    libdevice->setDataLayout(llvmModule->getDataLayout());
    if (llvm::Linker::linkModules(*llvmModule, std::move(libdevice), llvm::Linker::LinkOnlyNeeded)) {
      error = "linking libdevice failed";
      return nullptr;
    }
    llvm::internalizeModule(*llvmModule, [&](const llvm::GlobalValue &value) {
      return keep.contains(value.getName()) || !llvm::isa<llvm::Function>(value);
    });
  }

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  // The target's callbacks add NVVMReflect, which resolves libdevice's
  // __nvvm_reflect queries (no flush-to-zero, precise division and sqrt).
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel >= 3   ? llvm::OptimizationLevel::O3
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                                  : llvm::OptimizationLevel::O0;
  llvm::ModulePassManager passes = level == llvm::OptimizationLevel::O0
                                       ? builder.buildO0DefaultPipeline(level)
                                       : builder.buildPerModuleDefaultPipeline(level);
  passes.run(*llvmModule, mam);
  return llvmModule;
}

}  // namespace kiln::lower
