// An AscendBackend whose bisheng and ptoas are kiln's test STAND-INS
// (tests/backends/ascend/toolchain/standin/): they check the command lines
// they get and write bytes that say they are stand-in output. Nothing run
// through it is a compile; tests show what reaches which tool.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "tests/backends/ascend/toolchain/fake_cann.h"
#include "worker/backends/ascend/ascend_backend.h"

namespace kiln::ascend::test {

struct StandInBackend {
  toolchain::WorkDir tree = toolchain::test::scratchDir();
  toolchain::WorkDir work = toolchain::test::scratchDir();
  std::unique_ptr<AscendBackend> backend;

  StandInBackend() {
    Config config;
    // A CANN 8.x layout, so the driver finds the home and pto-isa's headers.
    std::string home = tree.file("cann");
    addCann8Headers(home);
    config.bisheng.path_override = installStandIn(home + "/compiler/ccec_compiler/bin", "bisheng", kBishengStandIn);
    config.ptoas.path_override = installStandIn(tree.file("bin"), "ptoas", kPtoasStandIn);
    config.bisheng.sandbox.work_root = work.path();
    config.ptoas.sandbox.work_root = work.path();
    backend = std::make_unique<AscendBackend>(Toolchains::discover(config));
  }
};

}  // namespace kiln::ascend::test
