#include "server/scheduler/job.h"

namespace kiln::server {

bool canRun(const WorkerInfo &worker, const JobRequirements &requirements) {
  if (!worker.targets.count(requirements.target)) return false;
  if (!requirements.not_token.empty() && worker.token == requirements.not_token) return false;
  if (worker.profile.lowering != requirements.lowering) return false;
  if (worker.profile.settings != requirements.settings) return false;
  for (const auto &[tool, identity] : requirements.tools) {
    auto it = worker.profile.tools.find(tool);
    if (it == worker.profile.tools.end() || it->second != identity) return false;
  }
  return true;
}

}  // namespace kiln::server
