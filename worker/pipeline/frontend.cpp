#include "worker/pipeline/frontend.h"

#include <memory>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "worker/ir/canonical_digest.h"
#include "worker/ir/kernel_rules.h"
#include "worker/ir/registration.h"
#include "worker/ir/tile_dialect.h"
#include "worker/pipeline/mlir_diagnostics.h"
#include "llvm/Support/SourceMgr.h"

namespace kiln {
namespace {

/// A parsed, verified module together with the context that owns it.
struct ParsedModule {
  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return module && !hasErrors(diagnostics); }
};

std::unique_ptr<mlir::MLIRContext> makeContext() {
  mlir::DialectRegistry registry;
  tile::registerTileIRDialects(registry);
  // One job, one thread: a per-context thread pool would multiply under load.
  auto context = std::make_unique<mlir::MLIRContext>(registry, mlir::MLIRContext::Threading::DISABLED);
  context->loadAllAvailableDialects();
  return context;
}

void requireKernel(const SourceFile &source, mlir::ModuleOp module, ParsedModule &parsed) {
  for (auto func : module.getOps<mlir::func::FuncOp>())
    if (func->hasAttr(tile::TileDialect::kKernelAttrName)) return;
  Diagnostic d;
  d.file = source.name;
  d.line = 1;
  d.column = 1;
  d.message = "module defines no function marked tile.kernel; there is nothing to compile";
  parsed.diagnostics.push_back(std::move(d));
}

ParsedModule parseAndVerify(const SourceFile &source, const FrontendConfig &config) {
  ParsedModule parsed;
  if (auto rejected = checkInput(source.name, source.text, config.limits)) {
    parsed.diagnostics.push_back(std::move(*rejected));
    return parsed;
  }
  parsed.context = makeContext();
  DiagnosticCollector collector(*parsed.context, parsed.diagnostics);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source.text, source.name),
                               llvm::SMLoc());
  mlir::ParserConfig parserConfig(parsed.context.get(), /*verifyAfterParse=*/true);
  parsed.module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, parserConfig);
  if (!parsed.module || hasErrors(parsed.diagnostics)) return parsed;
  if (mlir::failed(tile::verifyKernelRules(*parsed.module))) return parsed;
  if (config.require_kernel) requireKernel(source, *parsed.module, parsed);
  return parsed;
}

std::vector<KernelSummary> summarizeKernels(mlir::ModuleOp module) {
  std::vector<KernelSummary> kernels;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
    KernelSummary summary;
    summary.name = func.getSymName().str();
    if (auto grid = func->getAttrOfType<mlir::DenseI64ArrayAttr>(tile::TileDialect::kGridAttrName))
      summary.grid.assign(grid.asArrayRef().begin(), grid.asArrayRef().end());
    if (auto loc = firstFileLocation(func.getLoc())) summary.line = loc->getLine();
    kernels.push_back(std::move(summary));
  }
  return kernels;
}

}  // namespace

VerifyResult verifySource(const SourceFile &source, const FrontendConfig &config) {
  ParsedModule parsed = parseAndVerify(source, config);
  VerifyResult result;
  if (parsed.ok()) result.kernels = summarizeKernels(*parsed.module);
  result.diagnostics = std::move(parsed.diagnostics);
  return result;
}

DigestResult digestSource(const SourceFile &source, const FrontendConfig &config) {
  ParsedModule parsed = parseAndVerify(source, config);
  DigestResult result;
  if (parsed.ok()) result.digest = tile::canonicalDigest(*parsed.module);
  result.diagnostics = std::move(parsed.diagnostics);
  return result;
}

PrintResult printSource(const SourceFile &source, PrintForm form, const FrontendConfig &config) {
  ParsedModule parsed = parseAndVerify(source, config);
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
