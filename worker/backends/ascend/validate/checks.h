// The checks of ascendc_validation.h, one group per file, over one shared
// reading of the source. Internal to kiln_ascendc_validate. MLIR-free.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/validate/code_view.h"
#include "worker/backends/ascend/validate/function_events.h"
#include "worker/backends/ascend/validate/pp_conditions.h"

namespace kiln::ascend::validate {

struct CheckContext {
  const SourceFile &source;
  const AscendTarget &target;
  const std::vector<Token> &raw;  // every token, directives included
  const PpResult &pp;
  const std::vector<PpConfig> &configs;
  const CodeView &view;
  const Structure &structure;
  const SymbolTable &file_symbols;
  Constants &constants;
  std::vector<FunctionEvents> functions;  // one per structure.functions entry
};

Diagnostic located(Severity severity, const SourceFile &source, uint32_t line, uint32_t column, std::string message);
Diagnostic located(Severity severity, const SourceFile &source, const Token &at, std::string message);

// include_check.cpp: #include, #include_next, #import, #embed and __has_include operands.
void checkIncludes(const SourceFile &source, const PpResult &pp, std::vector<Diagnostic> &out);
// entry_check.cpp: the extern "C" __global__ __aicore__ entries; fills `entries`.
void checkEntries(const CheckContext &c, std::vector<Diagnostic> &out, std::vector<std::string> &entries);
// sync_check.cpp: GM<->local DataCopy ordered by a queue, a barrier or flags.
void checkSync(const CheckContext &c, std::vector<Diagnostic> &out);
// capacity_check.cpp: InitBuffer sizes per memory against the target.
void checkCapacity(const CheckContext &c, std::vector<Diagnostic> &out);
// datacopy_align_check.cpp: compile-time DataCopy lengths in whole 32 B blocks.
void checkDataCopyAlign(const CheckContext &c, std::vector<Diagnostic> &out);
// queue_checks.cpp: AllocTensor/FreeTensor/EnQue/DeQue balance and TQue depth.
void checkQueues(const CheckContext &c, std::vector<Diagnostic> &out);

}  // namespace kiln::ascend::validate
