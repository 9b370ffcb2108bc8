// kiln-opt: mlir-opt with the tile dialect and kiln's passes registered, for
// running passes and round-tripping Tile IR by hand.
#include <string>
#include <vector>

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "worker/ir/kernel_rules.h"
#include "worker/ir/registration.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  kiln::tile::registerKernelRulesPass();
  mlir::DialectRegistry registry;
  kiln::tile::registerTileIRDialects(registry);

  // The module-level Tile IR rules run before anything the user asked for, so
  // that kiln-opt rejects exactly what `kiln verify` rejects. An explicit
  // --pass-pipeline cannot be mixed with pass flags; it is left untouched.
  std::vector<char *> args(argv, argv + argc);
  bool explicitPipeline = false;
  for (int i = 1; i < argc; ++i)
    explicitPipeline |= std::string(argv[i]).rfind("--pass-pipeline", 0) == 0;
  static char kRulesFlag[] = "--tile-verify-kernel-rules";
  if (!explicitPipeline) args.insert(args.begin() + 1, kRulesFlag);
  int count = static_cast<int>(args.size());
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      count, args.data(), "kiln-opt: Tile IR optimizer driver (mlir-opt with the tile dialect)\n",
      registry));
}
