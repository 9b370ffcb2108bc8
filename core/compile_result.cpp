#include "core/compile_result.h"

namespace kiln {

CompileResult failedResult(std::string message, std::string tool, std::string file) {
  CompileResult result;
  Diagnostic d;
  d.message = std::move(message);
  d.tool = std::move(tool);
  d.file = std::move(file);
  result.diagnostics.push_back(std::move(d));
  return result;
}

}  // namespace kiln
