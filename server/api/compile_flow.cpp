// The compile path of a request:
//   authenticate -> size and concurrency limits -> validate
//   -> direct lookup: key over the raw IR bytes, for each toolchain profile
//      of the workers serving the target, in memory then in SQLite (no
//      parsing on a repeat request)                             fast()
//   -> canonical lookup: parse, take the canonical IR digest, key again
//      (a hit here is also stored under the direct key)          slow()
//   -> miss: a job for the least-loaded worker's profile, single-flighted by
//      key; its result is cached under both keys before anyone is answered.
#include "server/api/compile_flow.h"

#include <algorithm>

#include "proto/convert/artifact_chunks.h"
#include "proto/convert/result_convert.h"
#include "proto/convert/wire_convert.h"
#include "core/target_name.h"
#include "core/wire_limits.h"
#include "server/api/second_opinion.h"
#include "server/api/status_mapping.h"
#include "worker/pipeline/input_digest.h"

namespace kiln::server {
namespace {

// The summary with as many chunks as fit in one message, then the rest of
// the bytes (artifact_chunks.h); a typical result is a single message. `digests` are the
// artifacts' digests when already known (a hit's manifest), saving a second
// SHA-256 of every artifact on the hot path.
std::vector<v1::CompileReply> buildReplies(const CompileResult &result, bool hit, const std::string &key,
                                           const std::string &worker, const std::string &request_id,
                                           const std::vector<std::string> &digests) {
  std::vector<std::string_view> bytes;
  for (const Artifact &a : result.artifacts) bytes.push_back(a.bytes);
  std::vector<std::vector<v1::ArtifactChunk>> packed = wire::packChunks(bytes);
  std::vector<v1::CompileReply> replies(packed.size());
  v1::CompileSummary *summary = replies[0].mutable_summary();
  wire::writeResult(result, summary, digests);
  summary->set_cache_hit(hit);
  summary->set_action_key(key);
  summary->set_worker(worker);
  summary->set_request_id(request_id);
  for (std::size_t m = 0; m < packed.size(); ++m)
    for (v1::ArtifactChunk &chunk : packed[m]) *replies[m].add_chunks() = std::move(chunk);
  return replies;
}

}  // namespace

CompileFlow::CompileFlow(ServiceState &state, const grpc::ServerContextBase &context, const v1::CompileRequest &call)
    : state_(state), context_(context), call_(call), started_(std::chrono::steady_clock::now()),
      id_(state.newRequestId()) {}

CompileFlow::~CompileFlow() = default;

CompileAnswer CompileFlow::refuse(grpc::StatusCode code, const std::string &message) {
  return {grpc::Status(code, message), {}};
}

CompileAnswer CompileFlow::done(const CompileResult &result, bool hit, const std::string &key,
                                const std::string &worker, const std::vector<std::string> &digests) {
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
  (hit ? state_.hits : state_.misses)++;
  // Hits at debug: at thousands per second a line each would cost more
  // than the hit itself.
  state_.log->log(hit ? spdlog::level::debug : spdlog::level::info,
                  "request={} op=compile client={} target={} key={} hit={} ok={} worker={} ms={:.2f}", id_, client_,
                  request_.target, key.substr(0, 16), hit, result.ok(), worker, ms);
  return {grpc::Status::OK, buildReplies(result, hit, key, worker, id_, digests)};
}

CacheThrough CompileFlow::through() {
  return CacheThrough(*state_.cache, [log = state_.log, id = id_](const std::string &problem) {
    log->warn("request={} {}", id, problem);
  });
}

std::shared_ptr<const HotResult> CompileFlow::remember(const std::string &direct, CacheHit hit,
                                                       const std::string &key) {
  auto hot = std::make_shared<HotResult>();
  hot->result = std::move(hit.cached.result);
  hot->digests = std::move(hit.cached.digests);
  if (hot->digests.size() != hot->result.artifacts.size()) {
    hot->digests.clear();
    for (const Artifact &a : hot->result.artifacts) hot->digests.push_back(cache::Digest::of(a.bytes).hex());
  }
  hot->worker = std::move(hit.cached.worker);
  hot->key = key;
  state_.hot.insert(direct, hot);
  return hot;
}

CompileAnswer CompileFlow::answer(const HotResult &hot) {
  return done(hot.result, true, hot.key, hot.worker, hot.digests);
}

std::optional<CompileAnswer> CompileFlow::fast() {
  auto &log = *state_.log;
  const std::string &id = id_;
  AuthResult auth = state_.auth.authenticate(context_, Role::kClient);
  if (!auth.caller) {
    log.warn("request={} op=compile peer={} refused: {}", id, context_.peer(), auth.error);
    return refuse(grpc::StatusCode::UNAUTHENTICATED, auth.error);
  }
  client_ = auth.caller->name;
  const std::string &client = client_;
  if (state_.draining) return refuse(grpc::StatusCode::UNAVAILABLE, "kilnd is shutting down; retry another server");
  const v1::CompileSpec &spec = call_.spec();
  if (static_cast<std::int64_t>(spec.ir().size()) > state_.config.max_request_bytes) {
    std::string message =
        requestTooLarge(static_cast<std::int64_t>(spec.ir().size()), state_.config.max_request_bytes);
    log.warn("request={} op=compile client={} refused: {}", id, client, message);
    return refuse(grpc::StatusCode::RESOURCE_EXHAUSTED, message);
  }
  if (auto slot = state_.limits.acquire(client)) slot_.emplace(std::move(*slot));
  if (!slot_) {
    std::string message = "client " + client + " already has " + std::to_string(state_.limits.limit()) +
                          " compiles in flight (max_in_flight_per_client)";
    log.warn("request={} op=compile client={} refused: {}", id, client, message);
    return refuse(grpc::StatusCode::RESOURCE_EXHAUSTED, message);
  }
  wire::SpecResult parsed = wire::fromSpec(spec);
  if (!parsed.request) return refuse(grpc::StatusCode::INVALID_ARGUMENT, parsed.error);
  request_ = std::move(*parsed.request);
  CompileRequest &request = request_;
  if (!isTargetName(request.target))
    return refuse(grpc::StatusCode::INVALID_ARGUMENT, "the target name is not one (lower-case letters, digits, '_')");
  if (std::optional<CompileAnswer> refused = route()) {
    // Nothing connected serves it yet: wait for a worker off gRPC's threads.
    if (no_worker_ && state_.config.worker_wait.count() > 0) return std::nullopt;
    if (no_worker_)
      log.warn("request={} op=compile client={} target={} refused: {}", id, client, request.target,
               refused->status.error_message());
    return refused;
  }
  // Direct: the same bytes as an earlier request hit without a parse, from
  // memory when recent.
  CacheThrough cache = through();
  for (const CompileKey &key : CacheThrough::directKeys(request, profiles_, tools_)) {
    std::string direct = key.digest.hex();
    if (auto hot = state_.hot.find(direct)) return answer(*hot);
    if (std::optional<CacheHit> hit = cache.find(key, request.source.text, cache::ArtifactCache::Lookup::kProbe)) {
      std::string reported = hit->key;
      return answer(*remember(direct, std::move(*hit), reported));
    }
  }
  return std::nullopt;
}

std::optional<CompileAnswer> CompileFlow::route() {
  no_worker_ = false;
  TargetCatalog::Lookup route = state_.targets.toolsFor(request_);
  if (!route.refusal.empty()) return refuse(grpc::StatusCode::INVALID_ARGUMENT, route.refusal);
  tools_ = std::move(route.tools);
  profiles_ = state_.scheduler.profilesFor(request_.target, tools_);
  if (!profiles_.empty()) return std::nullopt;
  no_worker_ = true;
  std::string message = state_.scheduler.explainNoWorker(request_.target, tools_);
  return refuse(grpc::StatusCode::FAILED_PRECONDITION, message);
}

std::optional<CompileAnswer> CompileFlow::awaitWorker(CancelSignal &cancel) {
  const auto wait = state_.config.worker_wait;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    std::uint64_t seen = state_.arrivals.joined();
    std::optional<CompileAnswer> refused = route();
    if (!refused || !no_worker_) return refused;
    if (cancel.cancelled()) return refuse(grpc::StatusCode::CANCELLED, "cancelled");
    if (!state_.arrivals.waitForArrival(seen, deadline, cancel) && !cancel.cancelled()) {
      std::string message = state_.scheduler.explainNoWorker(request_.target, tools_) + " (waited " +
                            std::to_string(wait.count()) + " ms for one; kilnd --worker-wait sets how long)";
      state_.log->warn("request={} op=compile client={} target={} refused: {}", id_, client_, request_.target, message);
      return refuse(grpc::StatusCode::FAILED_PRECONDITION, message);
    }
  }
}

CompileAnswer CompileFlow::slow(CancelSignal &cancel) {
  auto &log = *state_.log;
  const std::string &id = id_;
  const CompileRequest &request = request_;
  if (no_worker_)
    if (std::optional<CompileAnswer> refused = awaitWorker(cancel)) return std::move(*refused);
  const std::vector<ToolchainProfile> &profiles = profiles_;

  // Canonical: the same kernel written differently.
  DigestResult digest = digestInput(request, state_.frontend);
  if (!digest.ok()) {
    CompileResult invalid;
    invalid.diagnostics = std::move(digest.diagnostics);
    return done(invalid, false, "", "kilnd");
  }
  CacheThrough cache = through();
  if (std::optional<CacheHit> hit = cache.findCanonical(request, digest.digest, profiles, tools_)) {
    std::string direct = hit->direct_key, key = hit->key;
    return answer(*remember(direct, std::move(*hit), key));
  }

  // Miss: run it on a worker with the least-loaded profile.
  std::optional<CompileKeys> keys = CacheThrough::keysFor(request, digest.digest, profiles.front(), tools_);
  if (!keys) return refuse(grpc::StatusCode::INTERNAL, "no key for a profile that was chosen for having the tools");
  const std::string key = keys->canonical.digest.hex();
  // A request that joined another's job, for other text with the same
  // meaning, gets that text's diagnostics; located ones would point at the
  // wrong lines, so it runs once more as a job keyed by its own bytes.
  auto ran = runJob(*keys, profiles.front(), key, cancel);
  if (auto *r = std::get_if<Ran>(&ran); r && r->joined && wire::hasLocatedDiagnostics(r->outcome.result)) {
    log.debug("request={} joined a job with located diagnostics for other text; compiling its own", id);
    ran = runJob(*keys, profiles.front(), key + ":" + keys->direct.digest.hex(), cancel);
  }
  if (auto *ended = std::get_if<CompileAnswer>(&ran)) return std::move(*ended);
  const JobOutcome &outcome = std::get<Ran>(ran).outcome;
  if (CacheThrough::cacheable(outcome.result)) {
    if (needsSecondOpinion(key, outcome.worker_trusted, state_.config.second_opinion_fraction)) {
      if (std::optional<CompileAnswer> ended = secondOpinion(*keys, profiles.front(), key, outcome, cancel))
        return std::move(*ended);
    } else {
      CacheHit fresh{{outcome.result, {}, outcome.worker, {}}, key};
      remember(keys->direct.digest.hex(), std::move(fresh), key);
    }
  }
  return done(outcome.result, false, key, outcome.worker);
}

std::optional<CompileAnswer> CompileFlow::secondOpinion(const CompileKeys &keys, const ToolchainProfile &profile,
                                                        const std::string &key, const JobOutcome &first,
                                                        CancelSignal &cancel) {
  auto &log = *state_.log;
  auto cacheFirst = [&] {
    through().store(keys, first.result, first.worker, request_.source.text);
    CacheHit fresh{{first.result, {}, first.worker, {}}, key};
    remember(keys.direct.digest.hex(), std::move(fresh), key);
  };
  bool no_worker = false;
  auto second = runJob(keys, profile, key + ":second-opinion:" + first.worker_token, cancel, &first, &no_worker);
  if (no_worker) {
    if (first.worker_trusted) {
      cacheFirst();  // a sampled check with no second worker: as without the check
      return std::nullopt;
    }
    log.warn("request={} key={} untrusted worker {} has no second worker to check it (no other token serves this "
             "profile): its result goes to this client only and is not cached",
             id_, key.substr(0, 16), first.worker);
    return std::nullopt;
  }
  if (auto *ended = std::get_if<CompileAnswer>(&second)) {
    if (ended->status.error_code() == grpc::StatusCode::CANCELLED) return std::move(*ended);
    // The check itself failed (deadline, workers lost): a trusted result
    // stands as without it; an untrusted one stays this client's only.
    log.warn("request={} key={} the second opinion on {} ended without a result: {}", id_, key.substr(0, 16),
             first.worker, ended->status.error_message());
    if (first.worker_trusted) cacheFirst();
    return std::nullopt;
  }
  const JobOutcome &other = std::get<Ran>(second).outcome;
  if (!other.result.ok()) {
    // A failed check is no verdict: a job child that crashed or was killed
    // says nothing about the first result's bytes (only successes are ever
    // cached, so a failure cannot poison anyone either).
    log.warn("request={} key={} the second opinion on {} by {} failed, so it proves nothing: {}", id_,
             key.substr(0, 16), first.worker, other.worker,
             other.result.diagnostics.empty() ? std::string("no diagnostic") : other.result.diagnostics[0].message);
    if (first.worker_trusted) cacheFirst();
    return std::nullopt;
  }
  ++state_.second_opinions;
  if (sameArtifacts(first.result, other.result)) {
    log.info("request={} key={} second opinion: {} agrees with {}", id_, key.substr(0, 16), other.worker, first.worker);
    cacheFirst();
    return std::nullopt;
  }
  ++state_.disagreements;
  std::string quarantined = quarantine(first, other);
  log.error("request={} key={} workers {} and {} returned different artifacts for one request; neither result is "
            "served or cached; quarantined: {}",
            id_, key.substr(0, 16), first.worker, other.worker, quarantined);
  return refuse(grpc::StatusCode::ABORTED,
                "workers " + first.worker + " and " + other.worker +
                    " returned different artifacts for this compile, so neither is served or cached (quarantined: " +
                    quarantined + "); retry, and tell kilnd's operator");
}

std::string CompileFlow::quarantine(const JobOutcome &first, const JobOutcome &second) {
  // The untrusted ones; when both were trusted, nothing says which lied.
  // kilnd's own local worker is never quarantined: it is kilnd's code.
  std::vector<const JobOutcome *> suspects;
  for (const JobOutcome *o : {&first, &second})
    if (!o->worker_trusted) suspects.push_back(o);
  if (suspects.empty()) suspects = {&first, &second};
  std::string names;
  for (const JobOutcome *o : suspects) {
    if (o->worker_token.empty() || o->worker_token == kLocalWorkerName) continue;
    if (state_.quarantine.add(o->worker_token))
      state_.scheduler.disconnectToken(o->worker_token, "quarantined: its artifacts disagreed with another worker's");
    names += (names.empty() ? "" : ", ") + o->worker_token;
  }
  return names.empty() ? "none" : names;
}

std::variant<CompileAnswer, CompileFlow::Ran> CompileFlow::runJob(const CompileKeys &keys,
                                                                  const ToolchainProfile &profile,
                                                                  const std::string &job_key, CancelSignal &cancel,
                                                                  const JobOutcome *second_to, bool *no_worker) {
  auto &log = *state_.log;
  const std::string &id = id_;
  const std::string &client = client_;
  const CompileRequest &request = request_;
  Submission submission;
  submission.key = job_key;
  submission.request = request;
  submission.requirements.target = request.target;
  for (const std::string &tool : tools_) submission.requirements.tools[tool] = profile.tools.at(tool);
  submission.requirements.settings = profile.settings;
  submission.requirements.lowering = profile.lowering;
  if (second_to) {
    submission.requirements.not_token = second_to->worker_token;
  } else {
    // Stored before any waiter wakes, so a request that arrives next hits;
    // unless it needs a second opinion first (slow() stores it then).
    submission.on_result = [cache = through(), keys, text = request.source.text,
                            fraction = state_.config.second_opinion_fraction](const JobOutcome &outcome) mutable {
      if (needsSecondOpinion(keys.canonical.digest.hex(), outcome.worker_trusted, fraction)) return;
      cache.store(keys, outcome.result, outcome.worker, text);
    };
  }
  if (!second_to) submission.recheck = [this, &keys]() -> std::optional<JobOutcome> {
    std::optional<CacheHit> hit = through().recheck(keys, request_.source.text);
    if (!hit) return std::nullopt;
    JobOutcome found;
    found.result = std::move(hit->cached.result);
    found.worker = std::move(hit->cached.worker);
    return found;
  };
  auto submitted = state_.scheduler.submit(std::move(submission));
  if (auto *answered = std::get_if<JobOutcome>(&submitted); answered && answered->failure == JobFailure::kNone)
    return done(answered->result, true, keys.canonical.digest.hex(), answered->worker);
  if (auto *refused = std::get_if<JobOutcome>(&submitted)) {
    if (no_worker && refused->failure == JobFailure::kNoWorker) {
      *no_worker = true;
      return CompileAnswer{statusFor(*refused), {}};
    }
    log.warn("request={} op=compile client={} not scheduled: {}", id, client, refused->failure_message);
    return CompileAnswer{statusFor(*refused), {}};
  }
  auto &ticket = std::get<Scheduler::Ticket>(submitted);
  log.debug("request={} key={} {}", id, job_key.substr(0, 16), ticket.joined ? "joined a job" : "queued");
  std::optional<JobOutcome> outcome = state_.scheduler.wait(ticket, &cancel);
  if (!outcome) {
    log.info("request={} op=compile client={} cancelled by the client", id, client);
    return refuse(grpc::StatusCode::CANCELLED, "cancelled");
  }
  if (outcome->failure != JobFailure::kNone) {
    log.warn("request={} op=compile client={} failed: {}", id, client, outcome->failure_message);
    return CompileAnswer{statusFor(*outcome), {}};
  }
  return Ran{std::move(*outcome), ticket.joined};
}

}  // namespace kiln::server
