// What the scheduler answers about itself: profiles for a request, why no
// worker serves one, counts.
#include <algorithm>
#include <sstream>

#include "server/scheduler/scheduler_state.h"

namespace kiln::server {
namespace {

std::string joinNames(const auto &names) {
  std::string out;
  for (const auto &name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

bool hasTools(const ToolchainProfile &profile, const std::vector<std::string> &tools) {
  for (const std::string &tool : tools)
    if (!profile.tools.count(tool)) return false;
  return true;
}

}  // namespace

std::vector<ToolchainProfile> Scheduler::profilesFor(const std::string &target,
                                                     const std::vector<std::string> &tools) const {
  ProfileQuery query{target, tools};
  std::sort(query.second.begin(), query.second.end());
  Lock lock(mutex_);
  auto it = profile_queries_.find(query);
  if (it == profile_queries_.end()) {
    std::vector<const WorkerGroup *> serving;
    for (const auto &[key, group] : groups_)
      if (group->targets.count(target) && hasTools(group->profile, tools)) serving.push_back(group.get());
    if (profile_queries_.size() >= config_.max_profile_queries) profile_queries_.clear();
    it = profile_queries_.emplace(std::move(query), std::move(serving)).first;
  }
  // Groups by their least loaded worker; the cache holds which groups match,
  // loads are read now.
  std::vector<const WorkerGroup *> serving = it->second;
  std::sort(serving.begin(), serving.end(), [](const WorkerGroup *a, const WorkerGroup *b) {
    return *a->members.begin() < *b->members.begin();
  });
  std::vector<ToolchainProfile> out;
  for (const WorkerGroup *group : serving)
    if (std::find(out.begin(), out.end(), group->profile) == out.end()) out.push_back(group->profile);
  return out;
}

std::string Scheduler::explainNoWorker(const std::string &target, const std::vector<std::string> &tools) const {
  Lock lock(mutex_);
  std::ostringstream out;
  out << "no connected worker can compile for " << target;
  std::vector<std::string> sorted = tools;
  std::sort(sorted.begin(), sorted.end());
  if (!sorted.empty()) out << " with " << joinNames(sorted);
  if (workers_.empty()) {
    out << ": no worker is connected";
    return out.str();
  }
  out << "; connected:";
  for (const auto &[id, worker] : workers_) {
    std::vector<std::string> names;
    for (const auto &[tool, identity] : worker->info.profile.tools) names.push_back(tool);
    bool has_target = worker->info.targets.count(target) > 0;
    out << " " << worker->info.id << " (" << (has_target ? "serves " : "does not serve ") << target
        << "; tools: " << (names.empty() ? std::string("none") : joinNames(names));
    // Where it looked for the ones this request needs and it lacks.
    for (const std::string &why : worker->info.missing_tools)
      for (const std::string &tool : sorted)
        if (!worker->info.profile.tools.count(tool) && why.rfind(tool + " ", 0) == 0) out << "; " << why;
    out << ")";
  }
  return out.str();
}

int Scheduler::activeJobs() const {
  Lock lock(mutex_);
  return static_cast<int>(by_id_.size());
}

SchedulerStats Scheduler::stats() const {
  Lock lock(mutex_);
  SchedulerStats out;
  out.queued = static_cast<int>(queued_);
  out.running = static_cast<int>(by_id_.size() - queued_);
  out.completed = completed_;
  out.joined = joined_;
  out.requeued = requeued_;
  Clock::time_point now = config_.now();
  for (const auto &[id, worker] : workers_)
    out.workers.push_back({worker->info, worker->busy(),
                           std::chrono::duration<double>(now - worker->last_seen).count()});
  return out;
}

}  // namespace kiln::server
