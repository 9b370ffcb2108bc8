// runKernel: load the module, find the kernel, bind the arguments, and run
// the grid instance by instance.
#include "worker/reference/reference_executor.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/module_loader.h"
#include "worker/reference/argument_binding.h"
#include "worker/reference/interpreter.h"

namespace kiln::reference {
namespace {

Diagnostic fileError(const SourceFile &source, std::string message) {
  Diagnostic d;
  d.file = source.name;
  d.message = std::move(message);
  return d;
}

mlir::func::FuncOp findKernel(const SourceFile &source, mlir::ModuleOp module, const std::string &name,
                              std::vector<Diagnostic> &diagnostics) {
  auto func = module.lookupSymbol<mlir::func::FuncOp>(name);
  if (func && func->hasAttr(tile::TileDialect::kKernelAttrName) && !func.isExternal()) return func;
  std::string kernels;
  for (auto f : module.getOps<mlir::func::FuncOp>())
    if (f->hasAttr(tile::TileDialect::kKernelAttrName))
      kernels += (kernels.empty() ? "@" : ", @") + f.getSymName().str();
  diagnostics.push_back(fileError(source, (func ? "@" + name + " is not a tile.kernel function"
                                                : "no function named @" + name) +
                                              "; the kernels here are " + kernels));
  return {};
}

/// The next grid point in row-major order (the last dimension fastest);
/// false after the last one.
bool advance(std::vector<int64_t> &point, llvm::ArrayRef<int64_t> grid) {
  for (size_t d = grid.size(); d-- > 0;) {
    if (++point[d] < grid[d]) return true;
    point[d] = 0;
  }
  return false;
}

}  // namespace

ReferenceResult runKernel(const SourceFile &source, const std::string &kernel, std::vector<KernelArg> &args,
                          const ReferenceConfig &config) {
  ReferenceResult result;
  LoadedModule loaded = loadModule(source, config.frontend);
  result.diagnostics = loaded.diagnostics;
  if (!loaded.ok()) return result;
  mlir::ModuleOp module = *loaded.module;

  mlir::func::FuncOp func = findKernel(source, module, kernel, result.diagnostics);
  if (!func) return result;
  llvm::SmallVector<RuntimeValue, 8> bound;
  if (!bindArguments(func, args, bound, result.diagnostics)) return result;

  auto gridAttr = func->getAttrOfType<mlir::DenseI64ArrayAttr>(tile::TileDialect::kGridAttrName);
  llvm::ArrayRef<int64_t> grid = gridAttr ? gridAttr.asArrayRef() : llvm::ArrayRef<int64_t>();
  if (grid.empty() || llvm::any_of(grid, [](int64_t g) { return g <= 0; })) {
    result.diagnostics.push_back(fileError(source, "kernel @" + kernel + " has no runnable tile.grid"));
    return result;
  }

  ExecContext ctx(config, result.diagnostics);
  Interpreter interpreter(module, ctx);
  std::vector<int64_t> point(grid.size(), 0);
  llvm::SmallVector<RuntimeValue, 1> returned;
  do {
    ctx.setInstance(point);
    if (mlir::failed(interpreter.call(func, bound, returned))) break;
    ++result.instances_run;
  } while (advance(point, grid));
  return result;
}

}  // namespace kiln::reference
