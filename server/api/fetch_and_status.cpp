// kiln.v1.Compiler: Fetch (a cached artifact by digest) and Status.
#include <cstdio>

#include "cache/digest.h"
#include "proto/convert/artifact_chunks.h"
#include "server/api/compile_service.h"

#ifndef KILN_VERSION
#define KILN_VERSION "0.1.0"
#endif

namespace kiln::server {

std::string ServiceState::newRequestId() {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "r-%08llx", static_cast<unsigned long long>(next_request++));
  return buffer;
}

grpc::Status CompileService::Fetch(grpc::ServerContext *context, const v1::FetchRequest *request,
                                   grpc::ServerWriter<v1::FetchReply> *writer) {
  const std::string id = state_.newRequestId();
  AuthResult auth = state_.auth.authenticate(*context, Role::kClient);
  if (!auth.caller) {
    state_.log->warn("request={} op=fetch peer={} refused: {}", id, context->peer(), auth.error);
    return {grpc::StatusCode::UNAUTHENTICATED, auth.error};
  }
  std::optional<cache::Digest> digest = cache::Digest::fromHex(request->digest());
  if (!digest)
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "'" + request->digest().substr(0, 80) + "' is not a SHA-256 digest (64 hex digits)"};
  auto pin = state_.cache->pin(*digest);
  auto blob = state_.cache->getBlob(*digest);
  if (!blob) return {grpc::StatusCode::INTERNAL, "cache: " + blob.error().message};
  if (!blob->has_value()) {
    state_.log->info("request={} op=fetch client={} digest={} miss", id, auth.caller->name, digest->hex());
    return {grpc::StatusCode::NOT_FOUND,
            "no artifact with digest " + digest->hex() + " in this kilnd's cache (never stored, or evicted)"};
  }
  const std::string &bytes = **blob;
  bool ok = true;
  for (const std::vector<v1::ArtifactChunk> &message : wire::packChunks({bytes}))
    for (const v1::ArtifactChunk &chunk : message) {
      v1::FetchReply reply;
      if (chunk.offset() == 0) reply.set_size(static_cast<std::int64_t>(bytes.size()));
      reply.set_offset(chunk.offset());
      reply.set_data(chunk.data());
      if (ok) ok = writer->Write(reply);
    }
  state_.log->info("request={} op=fetch client={} digest={} bytes={}", id, auth.caller->name,
                   digest->hex().substr(0, 16), bytes.size());
  return ok ? grpc::Status::OK : grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
}

grpc::Status CompileService::Status(grpc::ServerContext *context, const v1::StatusRequest *,
                                    v1::StatusReply *reply) {
  AuthResult auth = state_.auth.authenticate(*context, Role::kClient);
  if (!auth.caller) return {grpc::StatusCode::UNAUTHENTICATED, auth.error};
  reply->set_version(KILN_VERSION);
  reply->set_uptime_s(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - state_.started).count());
  SchedulerStats stats = state_.scheduler.stats();
  reply->set_queue_depth(stats.queued);
  reply->set_jobs_running(stats.running);
  reply->set_compiles(stats.completed);
  for (const WorkerSnapshot &w : stats.workers) {
    v1::WorkerStatus *status = reply->add_workers();
    status->set_id(w.info.id);
    for (const std::string &t : w.info.targets) status->add_targets(t);
    for (const auto &[name, identity] : w.info.profile.tools) {
      v1::Toolchain *tool = status->add_toolchains();
      tool->set_name(name);
      tool->set_identity(identity);
    }
    status->set_slots(w.info.slots);
    status->set_busy(w.busy);
    status->set_last_seen_s(w.last_seen_s);
    status->set_local(w.info.local);
    status->set_trusted(w.info.trusted);
  }
  reply->set_second_opinions(state_.second_opinions);
  reply->set_disagreements(state_.disagreements);
  for (const std::string &token : state_.quarantine.tokens()) reply->add_quarantined(token);
  v1::CacheStatus *cache = reply->mutable_cache();
  std::int64_t hits = state_.hits, misses = state_.misses;
  cache->set_hits(hits);
  cache->set_misses(misses);
  cache->set_hit_rate(hits + misses ? static_cast<double>(hits) / static_cast<double>(hits + misses) : 0);
  if (auto cs = state_.cache->stats()) {
    cache->set_actions(cs->actions);
    cache->set_blobs(cs->blobs);
    cache->set_stored_bytes(cs->stored_bytes);
    cache->set_logical_bytes(cs->logical_bytes);
    cache->set_max_bytes(cs->max_bytes);
    cache->set_evictions(cs->evictions);
    cache->set_corruptions(cs->corruptions);
  }
  return grpc::Status::OK;
}

}  // namespace kiln::server
