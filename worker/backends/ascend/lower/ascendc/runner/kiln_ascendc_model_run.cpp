// kiln-ascendc-model-run FILE.mlir --target T [--kernel K] [--keep]
// (and, for tests only, --plant BUG: one of parsePlantedBug's names)
// Emits AscendC for the kernels of FILE, runs them on kiln's AscendC CPU
// model (kiln's model of the documented AscendC API, written from the
// public docs: not CANN, not a simulator of the chip) for every grid point,
// and compares every written tensor with the CPU reference executor.
// Exit 0: every kernel matches; 1: a mismatch or a model error; 2: bad
// input, a located error from kiln (capacity, mixed cores, unsupported) or
// a compile error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "worker/backends/ascend/lower/ascendc/runner/model_run.h"

int main(int argc, char **argv) {
  using namespace kiln::ascend::lower;
  std::string path;
  ModelRunOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--target" || arg == "--kernel") && i + 1 < argc)
      (arg == "--target" ? options.target : options.kernel) = argv[++i];
    else if (arg == "--keep")
      options.keep_files = true;
    else if (arg == "--plant" && i + 1 < argc && parsePlantedBug(argv[i + 1], options.emit.planted_bug))
      ++i;  // test-only: plant a bug, to show the model stops it
    else if (!arg.empty() && arg[0] != '-' && path.empty())
      path = arg;
    else {
      std::cerr << "usage: kiln-ascendc-model-run FILE.mlir --target T [--kernel K] [--keep]\n";
      return 2;
    }
  }
  if (path.empty() || options.target.empty()) {
    std::cerr << "usage: kiln-ascendc-model-run FILE.mlir --target T [--kernel K] [--keep]\n";
    return 2;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "kiln-ascendc-model-run: cannot read " << path << "\n";
    return 2;
  }
  kiln::SourceFile file{path, std::string(std::istreambuf_iterator<char>(in), {})};
  ModelRunResult result = runOnModel(file, options);
  for (const kiln::Diagnostic &d : result.diagnostics) std::cerr << kiln::formatDiagnostic(d) << "\n";
  for (const KernelRun &run : result.kernels) {
    std::cout << "kernel @" << run.kernel << ": " << modelRunStatusName(run.status) << "\n";
    if (!run.message.empty()) std::cout << run.message << (run.message.back() == '\n' ? "" : "\n");
    for (const TensorReport &t : run.tensors) {
      if (!t.written) continue;
      std::printf("  %s: max error %.3g, %s\n", t.param.c_str(), t.max_error, t.mismatches ? "FAIL" : "PASS");
    }
  }
  if (!result.work_dir.empty() && options.keep_files) std::cout << "files kept in " << result.work_dir << "\n";
  switch (result.status) {
    case ModelRunStatus::kPass: return 0;
    case ModelRunStatus::kMismatch:
    case ModelRunStatus::kModelError: return 1;
    default: return 2;
  }
}
