// What the checks read: the tokens bisheng may compile (no directive lines,
// nothing the preprocessor drops under kiln's flags), their bracket pairs,
// the functions defined at namespace or class scope, the AscendC objects
// declared (GlobalTensor, LocalTensor, TQue, TQueBind, TBuf, TPipe) and the
// integer constants (constexpr/const variables, #define) a check may need
// the value of. A lexer-level reading, not a C++ parser: names are looked up
// without scopes, and a name declared twice in different ways is ambiguous,
// so the checks that depend on it say nothing. MLIR-free.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "worker/backends/ascend/validate/const_eval.h"
#include "worker/backends/ascend/validate/cpp_lexer.h"
#include "worker/backends/ascend/validate/pp_conditions.h"

namespace kiln::ascend::validate {

inline constexpr size_t kNone = static_cast<size_t>(-1);

struct CodeView {
  std::string_view text;
  std::vector<Token> tokens;     // live or unknown tokens outside directives
  std::vector<Tri> live;         // kYes or kUnknown, per token
  std::vector<uint32_t> region;  // per token: its #if group (PpResult::regions)
  std::vector<size_t> match;     // for ( [ { ) ] }: the partner; kNone when unbalanced or not a bracket
  bool balanced = true;

  std::string_view at(size_t i) const { return i < tokens.size() ? tokenText(text, tokens[i]) : std::string_view(); }
  bool is(size_t i, std::string_view s) const {
    return i < tokens.size() && tokens[i].kind != TokKind::kString && at(i) == s;
  }
  bool ident(size_t i) const { return i < tokens.size() && tokens[i].kind == TokKind::kIdent; }
};

CodeView buildCodeView(std::string_view text, const std::vector<Token> &tokens, const PpResult &pp);

struct FunctionInfo {
  size_t decl_begin = 0;   // the declaration's first token
  size_t name = kNone;     // the name token
  size_t params_open = 0;  // its '('
  size_t body_open = 0, body_close = 0;
  bool in_class = false, extern_c = false, is_template = false;
  bool global = false, aicore = false, vector_or_cube = false;
};

struct Structure {
  std::vector<FunctionInfo> functions;            // in source order
  std::vector<std::string_view> extern_c_names;   // __global__ functions declared extern "C" without a body
  std::vector<std::pair<size_t, size_t>> outside;  // token ranges outside every function body
};

Structure scanStructure(const CodeView &view);

enum class SymKind { kGlobalTensor, kLocalTensor, kQue, kBuf, kPipe, kConstant };

struct Symbol {
  SymKind kind = SymKind::kConstant;
  size_t decl = 0;                   // the name token
  std::string_view elem;             // tensors: the element type name ("" when not a plain name)
  std::string_view position, position2;  // queues and buffers: TPosition names ("" unknown)
  size_t arg_begin = 0, arg_end = 0;     // TQue: the depth argument; constants: the initializer
  bool ambiguous = false;
};

using SymbolTable = std::unordered_map<std::string_view, Symbol>;

/// Declarations in tokens [begin, end) into `table`.
void scanDeclarations(const CodeView &view, size_t begin, size_t end, SymbolTable &table);

/// Integer values of names: a function's own constants, then the file's,
/// then its object-like #defines; memoised, cycles and chains bounded.
class Constants {
 public:
  Constants(const CodeView &view, std::string_view text, const std::vector<Token> &raw, const PpResult &pp,
            const SymbolTable &file);
  /// Tokens [begin, end) of the view; `local` is looked up first (may be null).
  Value evaluate(size_t begin, size_t end, const SymbolTable *local = nullptr);

 private:
  Value lookup(std::string_view name, const SymbolTable *local, int depth);
  Value evaluateSpan(std::span<const Token> tokens, const SymbolTable *local, int depth);
  const CodeView &view_;
  std::string_view text_;
  const std::vector<Token> &raw_;
  const PpResult &pp_;
  const SymbolTable &file_;
  std::unordered_map<std::string_view, std::optional<Value>> memo_;  // nullopt inside: being evaluated
  int64_t budget_ = 0;
};

/// The end of a template argument list opened at `open` ('<'): the index
/// after its '>' (a '>>' may close two), or kNone. Looks at most
/// kMaxAngleTokens ahead, so that nested '<' runs stay linear.
inline constexpr size_t kMaxAngleTokens = 4096;
size_t closeAngle(const CodeView &view, size_t open, size_t limit);

}  // namespace kiln::ascend::validate
