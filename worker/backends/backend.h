// The seam every vendor plugs into. A Backend serves a family of targets:
// it says which targets it knows, what it can emit and which tools each
// route runs (EmitRoute), which tool identities and settings enter cache
// keys (its ToolchainProfile, with its lowering version), and it compiles.
// A worker holds the backends its discovery found (registry.h); kilnd never
// sees this interface, only what workers advertise.
//
// A new backend goes in worker/backends/<vendor>/ and is added to registry.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "core/diagnostic.h"
#include "core/emit_route.h"
#include "core/toolchain_profile.h"

namespace kiln {

struct CompileHooks {
  // Called once the source has parsed and verified, with its canonical
  // digest (worker/ir/canonical_digest.h). A result returned here (a cache
  // hit) ends the compile before any lowering, so compiling through the
  // cache parses the IR once.
  std::function<std::optional<CompileResult>(const std::string &canonical_digest)> after_parse;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const char *name() const = 0;  // "nvidia"
  // Every target this backend knows, in order.
  virtual const std::vector<std::string> &targets() const = 0;
  // What it can make, and with which tools, whether or not they were found
  // here: the profile says which are; kilnd needs both to say what is missing.
  virtual std::vector<EmitRoute> routes() const = 0;
  virtual ToolchainProfile profile() const = 0;
  // Why a tool is missing ("nvcc not found (searched: ...)"), for operators.
  virtual std::vector<Diagnostic> missingTools() const = 0;
  virtual CompileResult compile(const CompileRequest &request, const CompileHooks &hooks = {}) const = 0;
};

}  // namespace kiln
