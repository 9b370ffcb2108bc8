// A compile job as the scheduler sees it: what it needs from a worker, and
// how it ended.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "core/emit_route.h"
#include "core/toolchain_profile.h"

namespace kiln::server {

using JobId = std::uint64_t;
using WorkerId = std::uint64_t;

// What a worker must match to take a job. Tool identities must match
// exactly, not just by name: the job's cache key was computed with them.
struct JobRequirements {
  std::string target;
  std::map<std::string, std::string> tools;  // name -> identity
  std::map<std::string, std::string> settings;
  std::string lowering;
  // A second opinion must come from another worker: the token of the one
  // whose result it checks; no worker holding it may run the job (a worker
  // chooses its own id, so ids prove nothing). Empty: any worker.
  std::string not_token;
};

enum class JobFailure {
  kNone,
  kDeadline,          // the job ran out of time
  kWorkersLost,       // every attempt ended with its worker gone
  kNoWorker,          // no connected worker can run it
  kCancelled,         // nobody waits for it anymore
  kOverloaded,        // the queue is full
  kShuttingDown,
};

struct JobOutcome {
  JobFailure failure = JobFailure::kNone;
  std::string failure_message;  // for a failure: what happened, for the client
  CompileResult result;         // for a completed job (which may have failed to compile)
  std::string worker;           // the worker that produced `result`
  std::string worker_token;     // the name of that worker's token
  bool worker_trusted = true;   // whether its token is a trusted worker's
  int attempts = 0;
};

// What a worker is and can do, from its toolchain discovery.
struct WorkerInfo {
  std::string id;
  std::set<std::string> targets;        // what it serves
  std::set<std::string> known_targets;  // every target its backends know, served or not
  std::vector<EmitRoute> routes;        // what its backends make, with which tools
  ToolchainProfile profile;
  int slots = 1;
  bool local = false;  // kilnd's local worker child: supervised by kilnd, never dropped for silence
  std::string version;
  std::string token;     // the name of the token it connected with
  bool trusted = true;   // the token's word: are its results cached without a second opinion?
  // The worker's word on where it looked for tools it lacks: text for
  // refusals, bounded and printable (workerInfoFrom), never acted on.
  std::vector<std::string> missing_tools;
};

// Whether `worker` can run a job with `requirements`.
bool canRun(const WorkerInfo &worker, const JobRequirements &requirements);

}  // namespace kiln::server
