// The built-in NVIDIA back end: a gpu.module of upstream MLIR (scf, memref,
// arith, math, gpu) becomes PTX in-process, through NVVM, LLVM IR, libdevice
// and LLVM's NVPTX code generator. No nvcc is involved.
#pragma once

#include <string>
#include <vector>

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "core/diagnostic.h"

namespace kiln::lower {

struct PtxConfig {
  // LLVM 16's NVPTX knows at most sm_90 (PTX 7.8); newer arches get sm_90
  // PTX that ptxas assembles for them.
  std::string ptx_arch = "sm_90";
  std::string libdevice_path = "/usr/local/cuda/nvvm/libdevice/libdevice.10.bc";
  int opt_level = 3;
};

struct PtxResult {
  std::string ptx;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !ptx.empty() && !hasErrors(diagnostics); }
};

/// Lowers `module` (in place: it is converted to the LLVM dialect) to PTX.
PtxResult gpuModuleToPtx(mlir::gpu::GPUModuleOp module, const PtxConfig &config);

/// The LLVM and NVVM dialects and translations this back end needs, for a
/// context that will hold gpu.modules.
void registerPtxBackendDialects(mlir::DialectRegistry &registry);

}  // namespace kiln::lower
