#include "worker/reference/argument_binding.h"

#include "worker/ir/mlir_diagnostics.h"
#include "worker/reference/scalar_types.h"

namespace kiln::reference {
namespace {

std::string typeText(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return os.str();
}

std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string out;
  for (size_t k = 0; k < shape.size(); ++k) out += (k ? "x" : "") + std::to_string(shape[k]);
  return out.empty() ? "(rank 0)" : out;
}

std::string describe(const KernelArg &arg) {
  if (auto *tensor = std::get_if<HostTensor *>(&arg)) {
    if (!*tensor) return "a null tensor";
    return std::string("a tensor of shape ") + shapeText((*tensor)->shape) + " with " +
           elementTypeName((*tensor)->type) + " elements";
  }
  if (std::holds_alternative<float>(arg)) return "an f32 scalar (float)";
  if (std::holds_alternative<int32_t>(arg)) return "an i32 scalar (int32_t)";
  return "an index scalar (int64_t)";
}

/// Why `arg` cannot be bound to a parameter of `type`; empty when it can.
std::string mismatch(mlir::Type type, const KernelArg &arg) {
  if (auto memref = type.dyn_cast<mlir::MemRefType>()) {
    auto *tensor = std::get_if<HostTensor *>(&arg);
    if (!tensor || !*tensor) return "got " + describe(arg);
    const HostTensor &t = **tensor;
    auto element = elementTypeOf(memref.getElementType());
    if (!element) return "its element type is not supported";
    if (t.type != *element || llvm::ArrayRef<int64_t>(t.shape) != memref.getShape())
      return "got " + describe(arg);
    size_t needed = elementSize(t.type);
    for (int64_t d : t.shape) needed *= static_cast<size_t>(d);
    if (t.bytes.size() != needed)
      return "got a tensor whose " + std::to_string(t.bytes.size()) + " bytes do not match the " +
             std::to_string(needed) + " its shape and element type need";
    return {};
  }
  if (type.isF32() && std::holds_alternative<float>(arg)) return {};
  if (type.isSignlessInteger(32) && std::holds_alternative<int32_t>(arg)) return {};
  if (type.isIndex() && std::holds_alternative<int64_t>(arg)) return {};
  if (!type.isF32() && !type.isSignlessInteger(32) && !type.isIndex())
    return "parameters of this type cannot be passed in";
  return "got " + describe(arg);
}

Diagnostic locatedAt(mlir::Location loc, std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  if (auto fileLoc = firstFileLocation(loc)) {
    d.file = fileLoc->getFilename().str();
    d.line = fileLoc->getLine();
    d.column = fileLoc->getColumn();
  }
  return d;
}

RuntimeValue toValue(const KernelArg &arg) {
  if (auto *tensor = std::get_if<HostTensor *>(&arg)) return *tensor;
  if (auto *f = std::get_if<float>(&arg)) return *f;
  if (auto *i = std::get_if<int32_t>(&arg)) return static_cast<int64_t>(*i);
  return std::get<int64_t>(arg);
}

}  // namespace

bool bindArguments(mlir::func::FuncOp kernel, std::vector<KernelArg> &args,
                   llvm::SmallVectorImpl<RuntimeValue> &bound, std::vector<Diagnostic> &diagnostics) {
  std::string name = "kernel @" + kernel.getSymName().str();
  auto types = kernel.getArgumentTypes();
  if (args.size() != types.size()) {
    diagnostics.push_back(locatedAt(kernel.getLoc(), name + " takes " + std::to_string(types.size()) +
                                                         " arguments, got " + std::to_string(args.size())));
    return false;
  }
  bool ok = true;
  bound.clear();
  for (size_t k = 0; k < args.size(); ++k) {
    std::string why = mismatch(types[k], args[k]);
    if (!why.empty()) {
      mlir::Location loc = kernel.isExternal() ? kernel.getLoc() : kernel.getArgument(k).getLoc();
      diagnostics.push_back(locatedAt(loc, "argument #" + std::to_string(k) + " of " + name + " is " +
                                               typeText(types[k]) + "; " + why));
      ok = false;
      continue;
    }
    bound.push_back(toValue(args[k]));
  }
  return ok;
}

}  // namespace kiln::reference
