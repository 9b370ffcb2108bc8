#include "worker/backends/ascend/lower/pto/pto_text_writer.h"

#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/BuiltinTypes.h"
#include "worker/ir/mlir_diagnostics.h"

namespace kiln::ascend::lower::pto {
namespace {

std::string typeText(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return os.str();
}

// A constant's SSA name from its value: %c-2_i32 reads as what it is, and
// MLIR accepts '-' inside a suffix id.
std::string constantStem(const std::string &value, const std::string &type) {
  std::string stem = "%c";
  for (char c : value) stem += (c == '.' || c == '+') ? '_' : c;
  return type == "index" ? stem : stem + "_" + type;
}

}  // namespace

std::string locationText(mlir::Location loc) {
  std::optional<mlir::FileLineColLoc> file = firstFileLocation(loc);
  if (!file) return "";
  std::string name;
  for (char c : file->getFilename().strref().take_front(200)) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                 c == '.' || c == '/' || c == '-';
    name += plain ? c : '_';
  }
  return name + ":" + std::to_string(file->getLine()) + ":" + std::to_string(file->getColumn());
}

std::string PtoTextWriter::fresh(const std::string &stem) {
  int n = counters_[stem]++;
  return "%" + stem + std::to_string(n);
}

std::string PtoTextWriter::name(mlir::Value value) const {
  auto it = names_.find(value);
  return it == names_.end() ? std::string() : it->second;
}

std::string PtoTextWriter::indexConstant(int64_t value) {
  std::string key = std::to_string(value) + " : index";
  auto [it, added] = constants_.try_emplace(key, constantStem(std::to_string(value), "index"));
  if (added) constant_lines_.push_back(it->second + " = arith.constant " + key);
  return it->second;
}

std::string PtoTextWriter::i64Constant(int64_t value) {
  std::string key = std::to_string(value) + " : i64";
  auto [it, added] = constants_.try_emplace(key, constantStem(std::to_string(value), "i64"));
  if (added) constant_lines_.push_back(it->second + " = arith.constant " + key);
  return it->second;
}

std::string PtoTextWriter::constant(mlir::TypedAttr value) {
  std::string type = typeText(value.getType());
  std::string literal;
  if (auto integer = value.dyn_cast<mlir::IntegerAttr>()) {
    literal = value.getType().isInteger(1) ? (integer.getValue().isZero() ? "false" : "true")
                                           : std::to_string(integer.getValue().getSExtValue());
  } else {
    llvm::raw_string_ostream os(literal);
    value.print(os, /*elideType=*/true);
    os.flush();
  }
  std::string key = literal + " : " + type;
  std::string stem = value.isa<mlir::IntegerAttr>() ? constantStem(literal, type) : fresh("cst");
  auto [it, added] = constants_.try_emplace(key, stem);
  if (added) constant_lines_.push_back(it->second + " = arith.constant " + key);
  return it->second;
}

void PtoTextWriter::startOp(mlir::Location loc) { pending_location_ = locationText(loc); }

void PtoTextWriter::writeLocation() {
  if (pending_location_.empty()) return;
  body_ += std::string(depth_ * 2, ' ') + "// @kiln.loc " + pending_location_ + "\n";
  pending_location_.clear();
}

void PtoTextWriter::line(const std::string &text) {
  writeLocation();
  body_ += std::string(depth_ * 2, ' ') + text + "\n";
}

void PtoTextWriter::open(const std::string &text) {
  line(text + " {");
  ++depth_;
}

// A brace belongs to no op: an op that wrote nothing (a yield) keeps no comment.
void PtoTextWriter::reopen(const std::string &text) {
  pending_location_.clear();
  --depth_;
  line("} " + text + " {");
  ++depth_;
}

void PtoTextWriter::close() {
  pending_location_.clear();
  --depth_;
  line("}");
}

std::string PtoTextWriter::constantsText() const {
  std::string out;
  for (const std::string &l : constant_lines_) out += "    " + l + "\n";
  return out;
}

}  // namespace kiln::ascend::lower::pto
