// The safety oracle over an on-chip memory plan (plan::KernelPlan), whichever
// front end built it: the Tile IR planner, PTO-MLIR text or PTX. Every
// finding is a located Diagnostic whose message starts with its stable code,
// "[oracle.aliasing] ...", with notes at the other tile involved.
//
//   oracle.aliasing       two tiles live at once share bytes of one space
//   oracle.linear-use     a tile is read after another tile overwrote its bytes
//   oracle.capacity       a space's planned bytes exceed the device
//   oracle.alignment      a buffer address breaks the space's alignment
//   oracle.op-constraint  operands outside the spaces, layouts, dtypes or
//                         tile shapes the op needs on the target
//   oracle.matmul-bounds  matmul shapes that do not chain, or exceed L0 or
//                         the valid-size limit
//   oracle.dead-tile      a tile written and never read (a warning)
//   oracle.layout         a tile read in a layout other than the one its
//                         producer wrote, with no conversion between
//   oracle.constant-oob   a load or store at a constant tile coordinate
//                         outside its memref (PTX: a constant offset past
//                         a shared array, ptx/shared_checks.h)
//   oracle.missing-barrier: PTX only, see ptx/shared_checks.h
//                         (which also gives PTX's capacity and dead-tile)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "worker/oracle/device/device_spec.h"
#include "core/diagnostic.h"
#include "core/oracle_mode.h"
#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

// The modes are core value types (core/oracle_mode.h); the oracle applies them.
using kiln::OracleMode;
using kiln::oracleModeName;
using kiln::parseOracleMode;

/// Every check over `plan` on `device`. Errors are kError (dead-tile is
/// kWarning) whatever the mode; applyMode turns them into what a mode wants.
std::vector<Diagnostic> checkPlan(const plan::KernelPlan &plan, const DeviceSpec &device);

/// Under kWarn every error becomes a warning; under kOff nothing is kept.
std::vector<Diagnostic> applyMode(std::vector<Diagnostic> findings, OracleMode mode);

/// The checks one by one, for tests and for front ends that run a subset.
std::vector<Diagnostic> checkAliasing(const plan::KernelPlan &plan);  // aliasing + linear-use
std::vector<Diagnostic> checkSpaces(const plan::KernelPlan &plan, const DeviceSpec &device);  // capacity + alignment
std::vector<Diagnostic> checkOpConstraints(const plan::KernelPlan &plan, const DeviceSpec &device);  // op-constraint + matmul-bounds
std::vector<Diagnostic> checkDataflow(const plan::KernelPlan &plan);  // dead-tile + layout
std::vector<Diagnostic> checkGlobalBounds(const plan::KernelPlan &plan);  // constant-oob

}  // namespace kiln::oracle
