// One function body read as the sequence of AscendC operations the checks
// reason about: queue and buffer calls (AllocTensor, DeQue, Get, EnQue,
// FreeTensor), DataCopy/DataCopyPad with their argument spans, pipe
// barriers and event flags, InitBuffer, and the places a tracked tensor
// escapes (passed to a function kiln does not know, returned, copied).
// Each event says whether it is conditional (inside a nested block or an
// if/else/?:/switch/case statement) or inside a loop: the checks only make
// claims about straight-line sequences. MLIR-free.
#pragma once

#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "worker/backends/ascend/validate/code_view.h"

namespace kiln::ascend::validate {

enum class EvKind {
  kAlloc, kDeQue, kGet, kEnQue, kFree,
  kDataCopy, kDataCopyPad,
  kBarrierAll, kSetFlag, kWaitFlag,
  kInitBuffer, kPipeReset,
  kEscape,
};

struct Event {
  EvKind kind = EvKind::kEscape;
  size_t tok = 0;              // the call's name (kEscape: the tensor's name)
  std::string_view object;     // what the method is called on: a queue, buffer or pipe
  std::string_view var;        // the tensor assigned (Alloc/DeQue/Get) or passed (EnQue/Free/Escape); "" unnamed
  std::string_view elem;       // the template argument of AllocTensor/DeQue/Get
  std::vector<std::pair<size_t, size_t>> args;  // token spans (DataCopy, InitBuffer)
  bool conditional = false, in_loop = false;
  bool local_var = false;      // var is declared in this function (not a member or a global)
};

struct FunctionEvents {
  const FunctionInfo *function = nullptr;
  std::vector<Event> events;
  SymbolTable locals;          // the parameters' and the body's declarations
  bool has_goto = false;
  bool unknown_pp = false;     // the body holds tokens under an undecidable #if
};

FunctionEvents collectEvents(const CodeView &view, const FunctionInfo &function);

/// The plain variable an argument span starts with: "xGm" for `xGm[i * 8]`,
/// "x" for `this->x`; "" when it is not one.
std::string_view baseName(const CodeView &view, std::pair<size_t, size_t> span);

/// A tensor's element type: from the function's declarations, then the file's.
std::string_view elementType(std::string_view name, const FunctionEvents &fn, const SymbolTable &file);
/// A name's declared kind, or nullptr when unknown or ambiguous.
const Symbol *lookupSymbol(std::string_view name, const FunctionEvents &fn, const SymbolTable &file);

}  // namespace kiln::ascend::validate
