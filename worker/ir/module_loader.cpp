#include "worker/ir/module_loader.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "worker/ir/kernel_rules.h"
#include "worker/ir/registration.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/mlir_diagnostics.h"
#include "llvm/Support/SourceMgr.h"

namespace kiln {
namespace {

void requireKernel(const SourceFile &source, mlir::ModuleOp module, LoadedModule &loaded) {
  for (auto func : module.getOps<mlir::func::FuncOp>())
    if (func->hasAttr(tile::TileDialect::kKernelAttrName)) return;
  Diagnostic d;
  d.file = source.name;
  d.line = 1;
  d.column = 1;
  d.message = "module defines no function marked tile.kernel; there is nothing to compile";
  loaded.diagnostics.push_back(std::move(d));
}

}  // namespace

std::unique_ptr<mlir::MLIRContext> makeTileContext() {
  mlir::DialectRegistry registry;
  tile::registerTileIRDialects(registry);
  // One job, one thread: a per-context thread pool would multiply under load.
  auto context = std::make_unique<mlir::MLIRContext>(registry, mlir::MLIRContext::Threading::DISABLED);
  context->loadAllAvailableDialects();
  return context;
}

namespace {

LoadedModule loadUnconfined(const SourceFile &source, const FrontendConfig &config) {
  LoadedModule loaded;
  if (auto rejected = checkInput(source.name, source.text, config.limits)) {
    loaded.diagnostics.push_back(std::move(*rejected));
    return loaded;
  }
  loaded.context = makeTileContext();
  DiagnosticCollector collector(*loaded.context, loaded.diagnostics);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source.text, source.name),
                               llvm::SMLoc());
  mlir::ParserConfig parserConfig(loaded.context.get(), /*verifyAfterParse=*/true);
  loaded.module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, parserConfig);
  if (!loaded.module || hasErrors(loaded.diagnostics)) return loaded;
  if (mlir::failed(tile::verifyKernelRules(*loaded.module))) return loaded;
  if (config.require_kernel) requireKernel(source, *loaded.module, loaded);
  return loaded;
}

}  // namespace

LoadedModule loadModule(const SourceFile &source, const FrontendConfig &config) {
  LoadedModule loaded = loadUnconfined(source, config);
  confineToSource(loaded.diagnostics, source.name, source.text);
  return loaded;
}

}  // namespace kiln
