#include "worker/oracle/op_kinds.h"

#include <array>
#include <string>

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

template <size_t N>
bool contains(const std::array<const char *, N> &names, std::string_view name) {
  for (const char *n : names)
    if (name == n) return true;
  return false;
}

}  // namespace

OpKind classifyOp(std::string_view name) {
  if (contains(kElementwise, name)) return OpKind::kElementwise;
  if (contains(kFloatElementwise, name)) return OpKind::kFloatElementwise;
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
