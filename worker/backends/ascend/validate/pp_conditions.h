// The preprocessor as far as kiln can follow it without headers: which
// tokens bisheng compiles under kiln's flags for a target, the #define
// constants of the file, and every #include / __has_include it names.
//
// kiln compiles a kernel for one core kind at a time (ascend_targets.h):
// the vector pass with --cce-aicore-arch=<vector_arch>, the cube pass with
// <cube_arch>. Each pass is one configuration of the four macros kiln
// knows: __NPU_ARCH__ (the target's npu_arch_number), __DAV_C220_VEC__ and
// __DAV_C220_CUBE__ (defined when that pass's arch is dav-c220-vec /
// dav-c220-cube), __ENABLE_VECTOR_CORE__ (defined when kiln's extra flags
// add it: 310P). A token is live when some configuration compiles it, dead
// when none does, and unknown when a condition depends on anything else
// (a macro from a header, __has_include, a function-like macro): kiln then
// says it cannot tell, and claims nothing. Macros the file itself #defines
// and #undefs are followed in order. CANN 9.x's --npu-arch passes are
// assumed to define the same macros (UNVERIFIED). MLIR-free.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/validate/cpp_lexer.h"

namespace kiln::ascend::validate {

enum Tri : uint8_t { kNo = 0, kUnknown = 1, kYes = 2 };

struct PpRegion {       // one #if/#ifdef/#elif/#else group
  uint32_t line = 0, column = 0;  // of its directive
  uint32_t parent = 0;            // the enclosing group (0: none)
  Tri live = kYes;                // over every configuration
  std::string unknown;            // the name that made the condition undecidable, if any
  std::string directive;          // "#if", "#ifdef", ...
};

struct IncludeUse {
  uint32_t line = 0, column = 0;   // of the operand (or the directive name when it has none)
  std::string directive;           // "#include", "#include_next", "#import", "#embed", "__has_include", ...
  TokKind operand = TokKind::kOther;  // kHeaderName, kString, or anything else: computed
  std::string spelling;            // the operand as written
  Tri live = kYes;
};

struct PpDefine {  // an object-like #define of the file, for constants
  uint32_t body_begin = 0, body_end = 0;  // token indices
  int definitions = 0;                    // more than one, or an #undef: ambiguous
  bool function_like = false;
};

struct PpError {
  uint32_t line = 0, column = 0;
  std::string message;
};

struct PpConfig {
  std::string name;  // "vector (dav-c220-vec)"
  int npu_arch = 0;
  bool dav_c220_vec = false, dav_c220_cube = false, enable_vector_core = false;
};

/// The configurations kiln compiles `target` in.
std::vector<PpConfig> ppConfigsFor(const AscendTarget &target);
/// "__NPU_ARCH__=2201, __DAV_C220_VEC__ (vector) or __DAV_C220_CUBE__ (cube)": for messages.
std::string describeConfigs(const std::vector<PpConfig> &configs);

struct PpResult {
  std::vector<Tri> live;          // per token; directive tokens carry their line's state
  std::vector<uint32_t> region;   // per token: innermost group (index into regions; 0: none)
  std::vector<PpRegion> regions;  // regions[0] is the whole file
  std::vector<IncludeUse> includes;
  std::unordered_map<std::string_view, PpDefine> defines;
  std::vector<PpError> errors;    // unbalanced #if/#endif
};

PpResult evaluatePreprocessor(std::string_view text, const std::vector<Token> &tokens,
                              const std::vector<PpConfig> &configs);

}  // namespace kiln::ascend::validate
