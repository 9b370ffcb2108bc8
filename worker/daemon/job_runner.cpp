#include "worker/daemon/job_runner.h"

#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <string_view>


namespace kiln::worker {

WorkerCapabilities discoverCapabilities(const WorkerBackends &backends, const std::set<std::string> &only_targets) {
  WorkerCapabilities out;
  out.known_targets = backends.targets();
  for (const std::string &target : out.known_targets)
    if (only_targets.empty() || only_targets.count(target)) out.targets.insert(target);
  out.routes = backends.routes();
  out.profile = backends.profile();
  for (const Diagnostic &d : backends.missingTools()) out.missing_tools.push_back(d.message);
  return out;
}

namespace {

// Test-only fault injection, for tests that prove one job's crash or hang
// stays that job's: with KILN_TEST_FAULT=abort|hang in the worker's
// environment, a job whose source contains KILN_TEST_FAULT_MARKER aborts or
// hangs where the pipeline would run. Inert unless the operator of the
// worker sets both; a client's request alone can never trigger it.
void injectTestFault(const CompileRequest &request) {
  const char *fault = std::getenv("KILN_TEST_FAULT");
  const char *marker = std::getenv("KILN_TEST_FAULT_MARKER");
  if (!fault || !marker || !*marker || request.source.text.find(marker) == std::string::npos) return;
  if (std::string_view(fault) == "abort") std::abort();
  if (std::string_view(fault) == "hang")
    for (;;) pause();
}

}  // namespace

CompileResult runJob(const CompileRequest &request, const WorkerBackends &backends) {
  injectTestFault(request);
  auto failed = [&](const std::string &what) {
    return failedResult("internal error in the compile pipeline: " + what + "; please report it with the input",
                        "kiln", request.source.name);
  };
  try {
    // Every stage locates by the ops' locations, which the source may set.
    CompileResult result = backends.compile(request);
    confineToSource(result.diagnostics, request.source.name, request.source.text);
    return result;
  } catch (const std::exception &e) {
    return failed(e.what());
  } catch (...) {
    return failed("unknown exception");
  }
}

}  // namespace kiln::worker
