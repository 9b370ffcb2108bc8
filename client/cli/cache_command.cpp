// kiln cache stats|gc|verify --db PATH: operators' tools for an artifact
// cache database, safe to run while kilnd is using it.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cache/artifact_cache.h"
#include "client/cli/commands.h"
#include "client/cli/exit_codes.h"
#include "client/cli/units.h"

namespace kiln::cli {
namespace {

using nlohmann::json;

struct CacheOptions {
  std::string db;
  bool json = false;
  std::string max_size;  // gc
  std::string max_age;   // gc
  bool check_only = false;  // verify
};

int fail(const CacheOptions &options, const std::string &message) {
  if (options.json)
    std::cout << json{{"db", options.db}, {"error", message}}.dump(2) << "\n";
  else
    std::cerr << "kiln cache: error: " << message << "\n";
  return kExitFailure;
}

std::unique_ptr<cache::ArtifactCache> openCache(const CacheOptions &options, std::string &error) {
  cache::CacheConfig config;
  config.path = options.db;
  // An operator's typo must not leave an empty database behind.
  config.create_if_missing = false;
  config.background_maintenance = false;
  auto opened = cache::ArtifactCache::open(config);
  if (!opened) {
    error = opened.error().message;
    return nullptr;
  }
  return std::move(opened).value();
}

double hitRate(std::int64_t hits, std::int64_t misses) {
  return hits + misses == 0 ? 0.0 : 100.0 * static_cast<double>(hits) / static_cast<double>(hits + misses);
}

int runStats(const CacheOptions &options) {
  std::string error;
  auto cache = openCache(options, error);
  if (!cache) return fail(options, error);
  auto s = cache->stats();
  if (!s) return fail(options, s.error().message);
  if (options.json) {
    std::cout << json{{"db", s->path},           {"schema_version", s->schema_version},
                      {"actions", s->actions},    {"blobs", s->blobs},
                      {"entries", s->actions + s->blobs},
                      {"stored_bytes", s->stored_bytes}, {"logical_bytes", s->logical_bytes},
                      {"file_bytes", s->file_bytes},
                      {"hits", s->hits},          {"misses", s->misses},
                      {"blob_hits", s->blob_hits}, {"blob_misses", s->blob_misses},
                      {"evictions", s->evictions}, {"corruptions", s->corruptions}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  std::cout << "cache database  " << s->path << " (schema v" << s->schema_version << ")\n"
            << "entries         " << s->actions << " actions, " << s->blobs << " blobs\n"
            << "stored          " << formatBytes(s->stored_bytes) << " ("
            << formatBytes(s->logical_bytes) << " before compression), file "
            << formatBytes(s->file_bytes) << "\n"
            << "hits            " << s->hits << "\n"
            << "misses          " << s->misses << "\n";
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f%%", hitRate(s->hits, s->misses));
  std::cout << "hit rate        " << rate << "\n"
            << "blob reads      " << s->blob_hits << " hits, " << s->blob_misses << " misses\n"
            << "evictions       " << s->evictions << "\n"
            << "corruptions     " << s->corruptions << "\n";
  return kExitOk;
}

int runGc(const CacheOptions &options) {
  cache::GcOptions gc;
  if (!options.max_size.empty()) {
    gc.max_bytes = parseSize(options.max_size);
    if (!gc.max_bytes) {
      std::cerr << "kiln cache gc: error: --max-size: '" << options.max_size
                << "' is not a size such as 512M or 10G\n";
      return kExitUsage;
    }
  }
  if (!options.max_age.empty()) {
    gc.max_age_ms = parseDuration(options.max_age);
    if (!gc.max_age_ms) {
      std::cerr << "kiln cache gc: error: --max-age: '" << options.max_age
                << "' is not a duration such as 12h or 30d\n";
      return kExitUsage;
    }
  }
  std::string error;
  auto cache = openCache(options, error);
  if (!cache) return fail(options, error);
  auto report = cache->gc(gc);
  if (!report) return fail(options, report.error().message);
  std::int64_t budget = gc.max_bytes.value_or(cache->config().max_bytes);
  if (options.json) {
    std::cout << json{{"db", options.db},
                      {"max_bytes", budget},
                      {"max_age_ms", gc.max_age_ms.value_or(cache->config().max_age.count())},
                      {"entries_evicted", report->entries_evicted},
                      {"bytes_freed", report->bytes_freed},
                      {"stored_bytes", report->stored_bytes_after},
                      {"budget_met", report->budget_met}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "evicted " << report->entries_evicted << " entries, freed "
              << formatBytes(report->bytes_freed) << "; " << formatBytes(report->stored_bytes_after)
              << " stored (budget " << formatBytes(budget) << ")\n";
    if (!report->budget_met)
      std::cout << "note: entries pinned by a running kilnd keep the cache over budget\n";
  }
  return kExitOk;
}

int runVerify(const CacheOptions &options) {
  std::string error;
  auto cache = openCache(options, error);
  if (!cache) return fail(options, error);
  auto report = cache->verify(cache::VerifyOptions{.repair = !options.check_only});
  if (!report) return fail(options, report.error().message);
  if (options.json) {
    std::cout << json{{"db", options.db},
                      {"clean", report->clean()},
                      {"integrity_ok", report->integrity_ok},
                      {"integrity_messages", report->integrity_messages},
                      {"blobs_checked", report->blobs_checked},
                      {"actions_checked", report->actions_checked},
                      {"corrupt_blobs", report->corrupt_blobs},
                      {"bad_manifests", report->bad_manifests},
                      {"dangling_actions", report->dangling_actions},
                      {"counters_fixed", report->counters_fixed},
                      {"repaired", report->repaired}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "checked " << report->blobs_checked << " blobs and " << report->actions_checked
              << " actions\n";
    for (const std::string &message : report->integrity_messages)
      std::cout << options.db << ": error: integrity check: " << message << "\n";
    if (report->corrupt_blobs)
      std::cout << options.db << ": error: " << report->corrupt_blobs
                << " blobs do not match their digest\n";
    if (report->bad_manifests)
      std::cout << options.db << ": error: " << report->bad_manifests
                << " actions have a damaged manifest\n";
    if (report->dangling_actions)
      std::cout << options.db << ": error: " << report->dangling_actions
                << " actions name blobs that are not stored\n";
    if (report->counters_fixed)
      std::cout << options.db << ": warning: " << report->counters_fixed
                << " size/count counters had drifted\n";
    if (report->clean()) std::cout << "ok\n";
    else if (report->repaired) std::cout << "repaired: the damaged entries were dropped\n";
    else std::cout << "not repaired (--check-only)\n";
  }
  return report->clean() ? kExitOk : kExitFailure;
}

}  // namespace

Command addCacheCommand(CLI::App &app) {
  auto options = std::make_shared<CacheOptions>();
  CLI::App *cmd = app.add_subcommand("cache", "Inspect and maintain an artifact cache database");
  cmd->require_subcommand(1);
  auto add = [&](const char *name, const char *help) {
    CLI::App *sub = cmd->add_subcommand(name, help);
    sub->add_option("--db", options->db, "The cache database file")->required();
    sub->add_flag("--json", options->json, "Print the result as JSON");
    return sub;
  };
  CLI::App *stats = add("stats", "Entries, bytes, hits, misses, evictions and corruptions");
  CLI::App *gc = add("gc", "Evict least-recently-used entries down to a budget, and shrink the file");
  gc->add_option("--max-size", options->max_size, "Byte budget, e.g. 512M or 10G (default 10G)");
  gc->add_option("--max-age", options->max_age,
                 "Evict entries unused for this long, e.g. 12h or 30d (default 30d)");
  CLI::App *verify = add("verify", "Check every blob against its digest and every manifest");
  verify->add_flag("--check-only", options->check_only, "Report damage without dropping it");
  cmd->footer(
      "Exit status: 0 ok, 1 the database cannot be used (or verify found damage), 2 usage.\n"
      "Safe to run while kilnd uses the same database.");
  return {cmd, [options, stats, gc, verify] {
            if (stats->parsed()) return runStats(*options);
            if (gc->parsed()) return runGc(*options);
            if (verify->parsed()) return runVerify(*options);
            return kExitUsage;
          }};
}

}  // namespace kiln::cli
