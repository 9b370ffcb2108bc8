#include "worker/oracle/checks/op_kinds.h"

#include <array>
#include <string>
#include <unordered_map>

namespace kiln::oracle {
namespace {

constexpr std::array kElementwise = {
    "tile.add",  "tile.sub",  "tile.mul",  "tile.div",  "tile.max",  "tile.min",  "tile.neg",  "tile.abs",
    "tile.relu", "tile.scale", "pto.tadd", "pto.tsub", "pto.tmul", "pto.tdiv", "pto.tmax", "pto.tmin",
    "pto.tadds", "pto.tsubs", "pto.tmuls", "pto.tdivs", "pto.tmaxs", "pto.tmins", "pto.tneg", "pto.tabs",
    "pto.trelu", "pto.tand", "pto.tor",  "pto.txor",
};
constexpr std::array kFloatElementwise = {
    "tile.exp", "tile.log", "tile.sqrt", "tile.rsqrt", "pto.texp", "pto.tlog", "pto.tsqrt", "pto.trsqrt", "pto.trecip",
};

// Plans of 100k ops classify every op: one hash lookup, not a scan.
const std::unordered_map<std::string_view, OpKind> &kinds() {
  static const std::unordered_map<std::string_view, OpKind> table = [] {
    std::unordered_map<std::string_view, OpKind> out;
    for (const char *name : kElementwise) out.emplace(name, OpKind::kElementwise);
    for (const char *name : kFloatElementwise) out.emplace(name, OpKind::kFloatElementwise);
    return out;
  }();
  return table;
}

}  // namespace

OpKind classifyOp(std::string_view name) {
  if (auto it = kinds().find(name); it != kinds().end()) return it->second;
  if (name == "tile.matmul" || name.substr(0, 11) == "pto.tmatmul") return OpKind::kMatmul;
  return OpKind::kOther;
}

MatmulRoles matmulRoles(const plan::PlannedOp &op) {
  MatmulRoles roles;
  int n = static_cast<int>(op.operands.size());
  if (!op.results.empty()) roles.result = 0;
  std::string_view name = op.name;
  bool accFirst = name.find("acc") != std::string_view::npos && n >= 3;  // pto.tmatmul.acc ins(%acc, %l, %r)
  bool bias = name.find("bias") != std::string_view::npos;
  int base = accFirst ? 1 : 0;
  if (n > base) roles.lhs = base;
  if (n > base + 1) roles.rhs = base + 1;
  if (accFirst) roles.acc_in = 0;
  else if (n > 2) (bias ? roles.bias : roles.acc_in) = 2;  // tile.matmul %a, %b, %acc
  return roles;
}

bool isFloat(plan::DType dtype) {
  return dtype == plan::DType::kF32 || dtype == plan::DType::kF16 || dtype == plan::DType::kBF16;
}

}  // namespace kiln::oracle
