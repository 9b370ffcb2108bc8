#include "worker/daemon/job_runner.h"

#include <exception>

#include "worker/plan/nvidia_targets.h"

namespace kiln::worker {

WorkerCapabilities discoverCapabilities(const CompileEnvironment &environment,
                                        const std::set<std::string> &only_targets) {
  WorkerCapabilities out;
  for (const std::string &target : plan::nvidiaTargetNames())
    if (only_targets.empty() || only_targets.count(target)) out.targets.insert(target);
  out.profile = toolchainProfile(environment);
  return out;
}

CompileResult runJob(const CompileRequest &request, const CompileEnvironment &environment) {
  auto failed = [&](const std::string &what) {
    CompileResult result;
    Diagnostic d;
    d.file = request.source.name;
    d.message = "internal error in the compile pipeline: " + what + "; please report it with the input";
    result.diagnostics.push_back(std::move(d));
    return result;
  };
  try {
    return compile(request, environment);
  } catch (const std::exception &e) {
    return failed(e.what());
  } catch (...) {
    return failed("unknown exception");
  }
}

}  // namespace kiln::worker
