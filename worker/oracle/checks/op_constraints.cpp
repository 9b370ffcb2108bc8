// oracle.op-constraint and oracle.matmul-bounds: what each op needs of its
// operands on the target. On Ascend, vector work runs on UB tiles in
// row_major layout, and the cube reads L0A/L0B and writes L0C; PTO tiles
// follow pto-isa's shape rules. Sources: ../shared/spec/device-specs.md.
#include <set>

#include "worker/oracle/checks/op_kinds.h"
#include "worker/oracle/checks/plan_accesses.h"
#include "worker/oracle/checks/plan_findings.h"
#include "worker/oracle/checks/plan_oracle.h"

namespace kiln::oracle {
namespace {

using plan::Buffer;
using plan::MemorySpace;
using plan::PlannedOp;

class OpChecker {
 public:
  OpChecker(const plan::KernelPlan &plan, const DeviceSpec &device, const PlanAccesses &accesses,
            std::vector<Diagnostic> &out)
      : plan_(plan), device_(device), accesses_(accesses),
        constraint_(out, "oracle.op-constraint"), bounds_(out, "oracle.matmul-bounds") {}

  void run() {
    for (const Buffer &b : plan_.buffers) checkTile(b);
    for (const PlannedOp &op : plan_.ops) {
      OpKind kind = classifyOp(op.name);
      if (!device_.isAscend()) {
        if (kind == OpKind::kMatmul) checkMatmulShapes(op);
        continue;
      }
      if (kind == OpKind::kElementwise || kind == OpKind::kFloatElementwise) checkVector(op, kind);
      if (kind == OpKind::kMatmul) checkMatmul(op);
    }
  }

 private:
  const Buffer *buffer(int id) const {
    int index = accesses_.indexOf(id);
    return index < 0 ? nullptr : &plan_.buffers[index];
  }
  const Buffer *operand(const PlannedOp &op, int slot) const {
    return slot >= 0 && slot < static_cast<int>(op.operands.size()) ? buffer(op.operands[slot]) : nullptr;
  }
  const Buffer *result(const PlannedOp &op, int slot) const {
    return slot >= 0 && slot < static_cast<int>(op.results.size()) ? buffer(op.results[slot]) : nullptr;
  }
  static const std::string &layoutOf(const Buffer &b, const std::vector<std::string> &layouts, size_t slot) {
    return slot < layouts.size() && !layouts[slot].empty() ? layouts[slot] : b.layout;
  }

  void constraint(const plan::SourceLoc &loc, const std::string &message, const Buffer *other = nullptr) {
    Diagnostic d = finding(loc, Severity::kError, "oracle.op-constraint", message);
    if (other) d.notes.push_back(noteAt(other->loc, tileName(*other) + " is defined here"));
    constraint_.add(std::move(d));
  }

  /// The space must exist on the target; PTO tiles must follow pto-isa's
  /// shape rules (a tile is a whole number of 512-byte fractals, rows are
  /// whole 32-byte blocks).
  void checkTile(const Buffer &b) {
    if (!device_.space(b.space)) {
      constraint(b.loc, tileName(b) + " is in " + plan::memorySpaceName(b.space) + ", which " + device_.name +
                            " does not have (" + spaceList() + ")");
      return;
    }
    if (plan_.frontend != "pto" || !device_.isAscend()) return;
    const TileRules &r = device_.tile_rules;
    int64_t rowBytes = b.cols * plan::dtypeBytes(b.dtype);
    if (b.bytes < r.min_tile_bytes || b.bytes > r.max_tile_bytes ||
        (r.tile_bytes_multiple > 0 && b.bytes % r.tile_bytes_multiple != 0))
      constraint(b.loc, tileName(b) + " has " + std::to_string(b.bytes) + " bytes; a PTO tile must hold a multiple of " +
                            std::to_string(r.tile_bytes_multiple) + " bytes from " + sizeText(r.min_tile_bytes) +
                            " to " + sizeText(r.max_tile_bytes));
    if (r.row_bytes_multiple > 0 && rowBytes % r.row_bytes_multiple != 0)
      constraint(b.loc, tileName(b) + " has rows of " + std::to_string(rowBytes) + " bytes; a PTO tile row (cols x " +
                            "element size) must be a multiple of " + std::to_string(r.row_bytes_multiple) + " bytes");
    if (b.valid_rows > b.rows || b.valid_cols > b.cols || b.valid_rows < 0 || b.valid_cols < 0)
      constraint(b.loc, tileName(b) + " has a valid region of " + std::to_string(b.valid_rows) + "x" +
                            std::to_string(b.valid_cols) + ", outside its " + std::to_string(b.rows) + "x" +
                            std::to_string(b.cols) + " shape");
  }

  std::string spaceList() const {
    std::string out = "it has";
    for (size_t i = 0; i < device_.spaces.size(); ++i)
      out += std::string(i ? ", " : " ") + plan::memorySpaceName(device_.spaces[i].space);
    return out;
  }

  /// Vector work: every tile in UB, row_major, one shape and one dtype.
  void checkVector(const PlannedOp &op, OpKind kind) {
    const Buffer *out = result(op, 0);
    auto check = [&](const Buffer &b, const std::string &layout, const char *role) {
      if (b.space != MemorySpace::kUB)
        constraint(op.loc, op.name + " needs its " + role + " " + tileName(b) + " in ub, but it is in " +
                               plan::memorySpaceName(b.space), &b);
      else if (layout != "row_major")
        constraint(op.loc, op.name + " needs its " + role + " " + tileName(b) + " in row_major layout, but it is " +
                               layout, &b);
      if (kind == OpKind::kFloatElementwise && !isFloat(b.dtype))
        constraint(op.loc, op.name + " works on float tiles only, but " + tileName(b) + " is " +
                               plan::dtypeName(b.dtype), &b);
      if (out && &b != out && (b.rows != out->rows || b.cols != out->cols || b.dtype != out->dtype))
        constraint(op.loc, op.name + " needs every tile to be " + tileShape(*out) + " like its result, but " +
                               tileName(b) + " is not", &b);
    };
    for (size_t i = 0; i < op.operands.size(); ++i)
      if (const Buffer *b = buffer(op.operands[i])) check(*b, layoutOf(*b, op.operand_layouts, i), "operand");
    for (size_t i = 0; i < op.results.size(); ++i)
      if (const Buffer *b = buffer(op.results[i])) check(*b, layoutOf(*b, op.result_layouts, i), "result");
  }

  /// The cube: lhs in L0A, rhs in L0B, accumulator in L0C, bias in the
  /// BiasTable; then the shapes.
  void checkMatmul(const PlannedOp &op) {
    MatmulRoles roles = matmulRoles(op);
    auto need = [&](const Buffer *b, MemorySpace space, const char *role) {
      if (b && b->space != space)
        constraint(op.loc, op.name + " needs its " + role + " " + tileName(*b) + " in " +
                               plan::memorySpaceName(space) + ", but it is in " + plan::memorySpaceName(b->space), b);
    };
    need(operand(op, roles.lhs), MemorySpace::kL0A, "left operand");
    need(operand(op, roles.rhs), MemorySpace::kL0B, "right operand");
    need(operand(op, roles.acc_in), MemorySpace::kL0C, "accumulator");
    need(operand(op, roles.bias), MemorySpace::kBias, "bias");
    need(result(op, roles.result), MemorySpace::kL0C, "result");
    checkMatmulShapes(op);
  }

  static int64_t validRows(const Buffer &b) { return b.valid_rows > 0 ? b.valid_rows : b.rows; }
  static int64_t validCols(const Buffer &b) { return b.valid_cols > 0 ? b.valid_cols : b.cols; }

  void bound(const PlannedOp &op, const std::string &message, const Buffer *a, const Buffer *b) {
    Diagnostic d = finding(op.loc, Severity::kError, "oracle.matmul-bounds", message);
    for (const Buffer *t : {a, b})
      if (t) d.notes.push_back(noteAt(t->loc, tileName(*t) + " is defined here"));
    bounds_.add(std::move(d));
  }

  void checkMatmulShapes(const PlannedOp &op) {
    MatmulRoles roles = matmulRoles(op);
    const Buffer *lhs = operand(op, roles.lhs), *rhs = operand(op, roles.rhs);
    const Buffer *acc = result(op, roles.result), *accIn = operand(op, roles.acc_in);
    if (!lhs || !rhs) return;
    int64_t m = validRows(*lhs), k = validCols(*lhs), k2 = validRows(*rhs), n = validCols(*rhs);
    auto dims = [](int64_t r, int64_t c) { return std::to_string(r) + "x" + std::to_string(c); };
    if (k != k2)
      bound(op, op.name + " multiplies " + dims(m, k) + " by " + dims(k2, n) + ": the inner dimensions " +
                    std::to_string(k) + " and " + std::to_string(k2) + " differ", lhs, rhs);
    for (const Buffer *out : {acc, accIn})
      if (out && (validRows(*out) != m || validCols(*out) != n))
        bound(op, op.name + " produces " + dims(m, n) + " but its accumulator " + tileName(*out) + " is " +
                      dims(validRows(*out), validCols(*out)), out, lhs);
    if (!device_.isAscend()) return;
    int64_t limit = device_.tile_rules.max_matmul_dim;
    for (auto [name, value] : {std::pair{"M", m}, std::pair{"K", k}, std::pair{"N", n}})
      if (value > limit)
        bound(op, op.name + " has " + name + " = " + std::to_string(value) + "; the cube takes at most " +
                      std::to_string(limit), lhs, rhs);
    for (auto [b, space] : {std::pair{lhs, MemorySpace::kL0A}, std::pair{rhs, MemorySpace::kL0B},
                            std::pair{acc, MemorySpace::kL0C}}) {
      const SpaceSpec *spec = device_.space(space);
      if (b && spec && b->bytes > spec->capacity)
        bound(op, op.name + " needs " + tileName(*b) + " (" + std::to_string(b->bytes) + " bytes) in " +
                      plan::memorySpaceName(space) + ", which holds " + sizeText(spec->capacity) + " on " +
                      device_.name, b, nullptr);
    }
  }

  const plan::KernelPlan &plan_;
  const DeviceSpec &device_;
  const PlanAccesses &accesses_;
  FindingSink constraint_;
  FindingSink bounds_;
};

}  // namespace

std::vector<Diagnostic> checkOpConstraints(const plan::KernelPlan &plan, const DeviceSpec &device) {
  return checkOpConstraints(plan, device, indexAccesses(plan));
}

std::vector<Diagnostic> checkOpConstraints(const plan::KernelPlan &plan, const DeviceSpec &device,
                                           const PlanAccesses &accesses) {
  std::vector<Diagnostic> out;
  OpChecker(plan, device, accesses, out).run();
  return out;
}

}  // namespace kiln::oracle
