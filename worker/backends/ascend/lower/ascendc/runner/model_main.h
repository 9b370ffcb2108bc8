// The main() a model run compiles beside the emitted AscendC: it reads the
// input tensors from files, runs each launch on every block with
// kiln_ascend_model::runBlocks and the target's capacities, writes the
// tensors back, and lists where block 0's buffers landed in each launch. Exit 0: ran;
// 3: the model stopped the run (its text on stderr). MLIR-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::ascend::lower {

struct MainParam {
  bool tensor = false;
  std::string in_file, out_file;  // tensors
  std::string literal;            // scalars: the C++ value passed
};

// One kernel launch over every block. A mixed kernel is several, its
// phases, run in order on the same arguments.
struct MainLaunch {
  std::string kernel;
  int64_t block_dim = 1;
  std::string placements_file;  // lines "space offset bytes index" (space: the model's Space enum)
};

struct MainSpec {
  std::vector<MainLaunch> launches;
  int64_t ub = 0, l1 = 0, l0a = 0, l0b = 0, l0c = 0;
  int npu_arch = 2201;
  std::vector<MainParam> params;
};

std::string modelMainSource(const MainSpec &spec, const std::string &kernelFile);

}  // namespace kiln::ascend::lower
