// The run harness of kiln's model of the documented AscendC API:
// runBlocks() runs a kernel once per block index, as the chip's cores
// would, each block with fresh on-chip memory, no buffers and no flags
// set, and GetBlockIdx()/GetBlockNum() answering for that block. The
// first broken rule stops the run and comes back in the RunResult
// (rule, op, message, block) instead of the kernel running on.
//
// There is no main() here: a test generates its own, e.g.
//   auto r = kiln_ascend_model::runBlocks(cfg, 8, [&] { add_custom(x, y, z); });
//   if (!r.ok) { std::fprintf(stderr, "%s\n", r.text().c_str()); return 1; }
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/error.h"

namespace AscendC {

inline int64_t GetBlockIdx() { return kiln_ascend_model::state().blockIdx; }
inline int64_t GetBlockNum() { return kiln_ascend_model::state().blockNum; }

}  // namespace AscendC

namespace kiln_ascend_model {

struct RunResult {
  bool ok = true;
  std::string rule;     // "model.deque-empty"
  std::string op;       // "DeQue<float>"
  std::string message;  // begins with the op
  int64_t block = -1;   // the block that stopped
  int64_t blocksRun = 0;
  std::vector<Placement> placements;          // block 0's InitBuffer placements
  std::vector<CopyTruncation> truncations;    // every block's rounded-down copies

  // "kiln AscendC model: error: [rule] message (block N)", or "" when ok.
  std::string text() const {
    if (ok) return "";
    return "kiln AscendC model: error: [" + rule + "] " + message + " (block " + std::to_string(block) + ")";
  }
};

inline RunResult runBlocks(const DeviceConfig &config, int64_t blockDim, std::function<void()> kernelCall) {
  RunResult r;
  for (int64_t b = 0; b < blockDim; ++b) {
    beginBlock(config, b, blockDim);
    try {
      kernelCall();
    } catch (const ModelError &e) {
      r.ok = false;
      r.rule = e.rule();
      r.op = e.op();
      r.message = e.message();
      r.block = b;
    }
    if (b == 0) r.placements = state().placements;
    r.truncations.insert(r.truncations.end(), state().truncations.begin(), state().truncations.end());
    r.blocksRun = b + 1;
    if (!r.ok) break;
  }
  return r;
}

}  // namespace kiln_ascend_model
