// The scheduler's index: platforms with their queues and free workers,
// worker groups, and the moves that keep them true as jobs are assigned and
// workers come and go. Each step touches the platforms of one worker or the
// workers of one platform, never all of either; only a platform's first
// appearance and a worker's arrival compare requirements (canRun), once per
// (platform, worker) pair.
#include <algorithm>

#include "server/scheduler/scheduler_state.h"

namespace kiln::server {

Scheduler::Platform &Scheduler::platformLocked(const PlatformKey &key, const JobRequirements &requirements) {
  auto [it, added] = platforms_.try_emplace(key);
  if (!added) return *it->second;
  it->second = std::make_unique<Platform>();
  Platform &platform = *it->second;
  platform.key = key;
  platform.requirements = requirements;
  for (auto &[id, worker] : workers_) {
    if (!canRun(worker->info, requirements)) continue;
    worker->platforms.push_back(&platform);
    ++platform.capable;
    if (WorkerLoad load = worker->load(); load.hasFreeSlot()) platform.free.emplace(load, worker.get());
  }
  return platform;
}

void Scheduler::releasePlatformLocked(Platform &platform) {
  if (platform.jobs > 0 || platform.capable > 0) return;
  platforms_.erase(platform.key);  // destroys `platform`
}

void Scheduler::linkWorkerLocked(Worker &worker, const GroupKey &group_key) {
  auto [group_it, added] = groups_.try_emplace(group_key);
  if (added) {
    group_it->second = std::make_unique<WorkerGroup>();
    group_it->second->targets = worker.info.targets;
    group_it->second->profile = worker.info.profile;
  }
  worker.group = group_it->second.get();
  for (auto &[key, platform] : platforms_)
    if (canRun(worker.info, platform->requirements)) {
      worker.platforms.push_back(platform.get());
      ++platform->capable;
    }
  indexLoadLocked(worker);
  profile_queries_.clear();
}

void Scheduler::unlinkWorkerLocked(Worker &worker) {
  unindexLoadLocked(worker);
  for (Platform *platform : worker.platforms) --platform->capable;
  if (worker.group->members.empty())
    groups_.erase(GroupKey{worker.group->targets, worker.group->profile.tools, worker.group->profile.settings,
                           worker.group->profile.lowering});
  worker.group = nullptr;
  profile_queries_.clear();
  // Platforms left without workers go now unless jobs still wait there (a
  // worker may yet come for them).
  std::vector<Platform *> platforms = std::move(worker.platforms);
  worker.platforms.clear();
  for (Platform *platform : platforms) releasePlatformLocked(*platform);
}

void Scheduler::unindexLoadLocked(Worker &worker) {
  WorkerLoad load = worker.load();
  worker.group->members.erase(load);
  if (load.hasFreeSlot())
    for (Platform *platform : worker.platforms) platform->free.erase(load);
}

void Scheduler::indexLoadLocked(Worker &worker) {
  WorkerLoad load = worker.load();
  worker.group->members.insert(load);
  if (load.hasFreeSlot())
    for (Platform *platform : worker.platforms) platform->free.emplace(load, &worker);
}

void Scheduler::reindexLoadLocked(Worker &worker, WorkerLoad before) {
  WorkerLoad after = worker.load();
  auto member = worker.group->members.extract(before);
  member.value() = after;
  worker.group->members.insert(std::move(member));
  for (Platform *platform : worker.platforms) {
    if (before.hasFreeSlot() && after.hasFreeSlot()) {
      auto entry = platform->free.extract(before);
      entry.key() = after;
      platform->free.insert(std::move(entry));
    } else if (before.hasFreeSlot()) {
      platform->free.erase(before);
    } else if (after.hasFreeSlot()) {
      platform->free.emplace(after, &worker);
    }
  }
}

void Scheduler::enqueueLocked(const std::shared_ptr<Job> &job, bool ahead) {
  std::list<std::shared_ptr<Job>> &queue = job->platform->queue;
  if (ahead) {
    job->order = next_ahead_order_--;
    job->queued = queue.insert(queue.begin(), job);
  } else {
    job->order = next_order_++;
    job->queued = queue.insert(queue.end(), job);
  }
  ++queued_;
}

void Scheduler::dequeueLocked(Job &job) {
  if (!job.queued) return;
  job.platform->queue.erase(*job.queued);
  job.queued.reset();
  --queued_;
}

Scheduler::Send Scheduler::assignLocked(const std::shared_ptr<Job> &job, Worker &worker) {
  dequeueLocked(*job);
  job->worker = worker.id;
  ++job->attempts;
  WorkerLoad before = worker.load();
  worker.assigned.push_back(job->id);
  reindexLoadLocked(worker, before);
  auto budget = std::chrono::duration_cast<std::chrono::milliseconds>(job->deadline - config_.now());
  return {worker.link, job->id, job->request, std::max(budget, std::chrono::milliseconds(1)), worker.id};
}

void Scheduler::fillWorkerLocked(Worker &worker, std::vector<Send> &sends) {
  while (worker.busy() < worker.info.slots) {
    Platform *oldest = nullptr;
    for (Platform *platform : worker.platforms)
      if (!platform->queue.empty() &&
          (!oldest || platform->queue.front()->order < oldest->queue.front()->order))
        oldest = platform;
    if (!oldest) return;
    std::shared_ptr<Job> job = oldest->queue.front();
    sends.push_back(assignLocked(job, worker));
  }
}

void Scheduler::drainPlatformLocked(Platform &platform, std::vector<Send> &sends) {
  while (!platform.queue.empty() && !platform.free.empty()) {
    Worker &worker = *platform.free.begin()->second;
    std::shared_ptr<Job> job = platform.queue.front();
    sends.push_back(assignLocked(job, worker));
  }
}

}  // namespace kiln::server
