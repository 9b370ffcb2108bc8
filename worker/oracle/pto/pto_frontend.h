// Reads PTO-MLIR text (the input of ptoas) into one plan::KernelPlan per
// `func.func`, without MLIR, so the oracle can check a plan that ptoas (or a
// person) wrote:
//  - tiles are `pto.alloc_tile [addr = %a]` (offset -1 without addr: not
//    placed yet) and, after ptoas' PlanMemory, `pto.pointer_cast(%c<N>_i64)`
//    over a memref in a tile address space; loc/address space -> space;
//  - destination-passing ops `pto.NAME ins(...) outs(...)` read their tile
//    ins and write their tile outs, in the blayout their types spell;
//  - any other op naming a tile is kept as one that reads and writes it,
//    and an op returning a tile-typed view of exactly one tile aliases it;
//  - ops are numbered in program order; a tile used before a loop (scf.for,
//    scf.while, ...) and inside it stays live to the loop's last op;
//  - malformed tiles and addresses are errors located at line:column.
// Linear in the input and never recursive on it: `kiln check` reads user
// files with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

struct PtoReadResult {
  std::vector<plan::KernelPlan> functions;
  std::vector<Diagnostic> diagnostics;
};

PtoReadResult readPto(std::string_view text, const std::string &file);

}  // namespace kiln::oracle
