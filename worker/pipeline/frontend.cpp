#include "worker/pipeline/frontend.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "worker/ir/canonical_digest.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/module_loader.h"

namespace kiln {
namespace {

std::vector<KernelSummary> summarizeKernels(mlir::ModuleOp module, const SourceFile &source) {
  unsigned lines = 1;
  for (char c : source.text) lines += c == '\n';
  std::vector<KernelSummary> kernels;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
    KernelSummary summary;
    summary.name = func.getSymName().str();
    if (auto grid = func->getAttrOfType<mlir::DenseI64ArrayAttr>(tile::TileDialect::kGridAttrName))
      summary.grid.assign(grid.asArrayRef().begin(), grid.asArrayRef().end());
    // A loc() in the source may name any file and line: only a line of this
    // file is this kernel's (0 otherwise: unknown).
    if (auto loc = firstFileLocation(func.getLoc());
        loc && loc->getFilename() == source.name && loc->getLine() >= 1 && loc->getLine() <= lines)
      summary.line = loc->getLine();
    kernels.push_back(std::move(summary));
  }
  return kernels;
}

}  // namespace

VerifyResult verifySource(const SourceFile &source, const FrontendConfig &config) {
  LoadedModule parsed = loadModule(source, config);
  VerifyResult result;
  if (parsed.ok()) result.kernels = summarizeKernels(*parsed.module, source);
  result.diagnostics = std::move(parsed.diagnostics);
  return result;
}

DigestResult digestSource(const SourceFile &source, const FrontendConfig &config) {
  LoadedModule parsed = loadModule(source, config);
  DigestResult result;
  if (parsed.ok()) result.digest = tile::canonicalDigest(*parsed.module);
  result.diagnostics = std::move(parsed.diagnostics);
  return result;
}

PrintResult printSource(const SourceFile &source, PrintForm form, const FrontendConfig &config) {
  LoadedModule parsed = loadModule(source, config);
  PrintResult result;
  if (parsed.ok()) {
    if (form == PrintForm::kGeneric) {
      result.text = tile::canonicalText(*parsed.module);
    } else {
      llvm::raw_string_ostream os(result.text);
      parsed.module->print(os);
    }
  }
  result.diagnostics = std::move(parsed.diagnostics);
  return result;
}

const char *irDigestVersion() { return tile::kIRDigestVersion; }

}  // namespace kiln
