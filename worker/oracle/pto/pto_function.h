// One func.func's plan as the PTO front end (pto_frontend.h) finds its
// tiles and ops: SSA names to buffers, the integer constants addresses are
// made of, and the buffers' live ranges once the function ends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "worker/oracle/pto/pto_tile_type.h"
#include "worker/plan/memory_plan.h"

namespace kiln::oracle::pto {

class FunctionBuilder {
 public:
  FunctionBuilder(std::string kernel, plan::SourceLoc loc);

  const std::string &kernel() const { return plan_.kernel; }
  const plan::SourceLoc &loc() const { return loc_; }

  void setConstant(std::string_view name, std::int64_t value);
  std::optional<std::int64_t> constant(std::string_view name) const;

  /// The buffer id `name` stands for, or -1.
  int tile(std::string_view name) const;
  /// Where `name` was first defined as a tile, if it was.
  std::optional<plan::SourceLoc> tileDefinedAt(std::string_view name) const;
  /// A new buffer, or another name for one (a view of it); `name` must not
  /// name a tile yet.
  void addBuffer(std::string_view name, const plan::SourceLoc &loc, const TileType &type, std::int64_t offset);
  void addAlias(std::string_view name, const plan::SourceLoc &loc, int id);

  /// The position the next op gets.
  int nextPosition() const { return static_cast<int>(plan_.ops.size()); }
  /// Appends `op` at nextPosition(); its operands and results are buffer ids.
  void addOp(plan::PlannedOp op);
  /// Ops [first, last] form a loop body, which runs more than once.
  void addLoop(int first, int last);

  /// The plan with live ranges; the builder is spent.
  plan::KernelPlan finish();

 private:
  void touch(int id, int position);
  void extendOverLoops();

  plan::KernelPlan plan_;
  plan::SourceLoc loc_;
  std::unordered_map<std::string, int> tiles_;
  std::unordered_map<std::string, plan::SourceLoc> defined_at_;
  std::unordered_map<std::string, std::int64_t> constants_;
  std::vector<int> first_touch_, last_touch_;  // per buffer; -1: never
  std::vector<std::pair<int, int>> loops_;
};

}  // namespace kiln::oracle::pto
