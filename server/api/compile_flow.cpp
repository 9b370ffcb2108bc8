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
#include "server/api/status_mapping.h"

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

// A hit's artifacts' digests, in CompileResult order (launch.json last).
std::vector<std::string> hitDigests(const cache::ActionHit &hit) {
  std::vector<std::string> out;
  for (const cache::ManifestArtifact &a : hit.manifest.artifacts) out.push_back(a.digest.hex());
  return out;
}

std::vector<std::string_view> artifactBytes(const CompileResult &result) {
  std::vector<std::string_view> blobs;
  for (const Artifact &a : result.artifacts)
    if (a.kind != "launch") blobs.push_back(a.bytes);
  return blobs;
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

std::optional<cache::ActionHit> CompileFlow::lookup(const CompileKey &key) {
  auto hit = state_.cache->getAction(key.digest);
  if (!hit) {
    state_.log->warn("request={} cache lookup failed: {}", id_, hit.error().message);
    return std::nullopt;
  }
  return std::move(*hit);
}

std::shared_ptr<const HotResult> CompileFlow::remember(const std::string &direct, CompileResult result,
                                                       std::vector<std::string> digests, const std::string &worker,
                                                       const std::string &key) {
  auto hot = std::make_shared<HotResult>();
  hot->result = std::move(result);
  hot->digests = std::move(digests);
  if (hot->digests.size() != hot->result.artifacts.size()) {
    hot->digests.clear();
    for (const Artifact &a : hot->result.artifacts) hot->digests.push_back(cache::Digest::of(a.bytes).hex());
  }
  hot->worker = worker;
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
    std::string message = "the IR is " + std::to_string(spec.ir().size()) + " bytes; this kilnd accepts at most " +
                          std::to_string(state_.config.max_request_bytes) + " (max_request_bytes)";
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
  // Before any worker has connected kilnd knows no target at all; then the
  // truth is "no worker", said below with what is needed.
  if (!state_.known_targets.empty() && !state_.known_targets.contains(request.target))
    return refuse(grpc::StatusCode::INVALID_ARGUMENT,
                  "unknown target '" + request.target + "'; known: " + state_.known_targets.list());

  tools_ = requiredTools(request);
  profiles_ = state_.scheduler.profilesFor(request.target, tools_);
  if (profiles_.empty()) {
    std::string message = state_.scheduler.explainNoWorker(request.target, tools_);
    log.warn("request={} op=compile client={} target={} refused: {}", id, client, request.target, message);
    return refuse(grpc::StatusCode::FAILED_PRECONDITION, message);
  }
  // Direct: the same bytes as an earlier request hit without a parse, from
  // memory when recent.
  raw_ = rawIrDigest(request.source.text);
  for (const ToolchainProfile &profile : profiles_) {
    std::optional<CompileKey> key = compileKeyFor(request, raw_, profile);
    if (!key) continue;
    std::string direct = key->digest.hex();
    if (auto hot = state_.hot.find(direct)) return answer(*hot);
    if (auto hit = lookup(*key))
      return answer(*remember(direct, fromCacheHit(*hit), hitDigests(*hit), hit->manifest.worker, direct));
  }
  return std::nullopt;
}

CompileAnswer CompileFlow::slow(CancelSignal &cancel) {
  auto &log = *state_.log;
  const std::string &id = id_;
  const CompileRequest &request = request_;
  const std::string &raw = raw_;
  const std::vector<ToolchainProfile> &profiles = profiles_;

  // Canonical: the same kernel written differently.
  DigestResult digest = digestSource(request.source, state_.frontend);
  if (!digest.ok()) {
    CompileResult invalid;
    invalid.diagnostics = std::move(digest.diagnostics);
    return done(invalid, false, "", "kilnd");
  }
  for (const ToolchainProfile &profile : profiles) {
    std::optional<CompileKey> key = compileKeyFor(request, digest.digest, profile);
    std::optional<CompileKey> direct = compileKeyFor(request, raw, profile);
    if (!key || !direct) continue;
    if (auto hit = lookup(*key); hit && hitServes(hit->manifest, request.source.text)) {
      if (auto put = state_.cache->putAction(direct->digest, hit->manifest); !put)
        log.warn("request={} cache alias not stored: {}", id, put.error().message);
      return answer(*remember(direct->digest.hex(), fromCacheHit(*hit), hitDigests(*hit), hit->manifest.worker,
                              key->digest.hex()));
    }
  }

  // Miss: run it on a worker with the least-loaded profile.
  const ToolchainProfile &profile = profiles.front();
  std::optional<CompileKey> key = compileKeyFor(request, digest.digest, profile);
  std::optional<CompileKey> direct = compileKeyFor(request, raw, profile);
  // A request that joined another's job, for other text with the same
  // meaning, gets that text's diagnostics; located ones would point at the
  // wrong lines, so it runs once more as a job keyed by its own bytes.
  auto ran = runJob(*key, *direct, profile, key->digest.hex(), cancel);
  if (auto *r = std::get_if<Ran>(&ran); r && r->joined && hasLocatedDiagnostics(r->outcome.result)) {
    log.debug("request={} joined a job with located diagnostics for other text; compiling its own", id);
    ran = runJob(*key, *direct, profile, key->digest.hex() + ":" + raw, cancel);
  }
  if (auto *ended = std::get_if<CompileAnswer>(&ran)) return std::move(*ended);
  const JobOutcome &outcome = std::get<Ran>(ran).outcome;
  if (isCacheable(outcome.result)) remember(direct->digest.hex(), outcome.result, {}, outcome.worker, key->digest.hex());
  return done(outcome.result, false, key->digest.hex(), outcome.worker);
}

std::variant<CompileAnswer, CompileFlow::Ran> CompileFlow::runJob(const CompileKey &key, const CompileKey &direct,
                                                                  const ToolchainProfile &profile,
                                                                  const std::string &job_key,
                                                                  CancelSignal &cancel) {
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
  cache::ArtifactCache &cache = *state_.cache;
  std::shared_ptr<spdlog::logger> logger = state_.log;
  submission.on_result = [&cache, logger, canonical = key.digest, alias = direct.digest,
                          text = request.source.text](const JobOutcome &outcome) {
    if (!isCacheable(outcome.result)) return;
    cache::Manifest manifest = toManifest(outcome.result, outcome.worker, text);
    std::vector<std::string_view> blobs = artifactBytes(outcome.result);
    cache::Status put = cache.putAction(canonical, manifest, blobs);
    if (put) put = cache.putAction(alias, manifest);
    if (!put) logger->warn("result of {} not cached: {}", canonical.hex().substr(0, 16), put.error().message);
  };
  submission.recheck = [&cache, &key, this]() -> std::optional<JobOutcome> {
    auto hit = cache.getAction(key.digest);
    if (!hit || !hit->has_value() || !hitServes((**hit).manifest, request_.source.text)) return std::nullopt;
    JobOutcome found;
    found.result = fromCacheHit(**hit);
    found.worker = (*hit)->manifest.worker;
    return found;
  };
  auto submitted = state_.scheduler.submit(std::move(submission));
  if (auto *answered = std::get_if<JobOutcome>(&submitted); answered && answered->failure == JobFailure::kNone)
    return done(answered->result, true, key.digest.hex(), answered->worker);
  if (auto *refused = std::get_if<JobOutcome>(&submitted)) {
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
