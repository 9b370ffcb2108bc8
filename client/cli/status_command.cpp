// kiln status: kilnd's workers, queue, cache and uptime.
#include <iomanip>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "client/cli/commands.h"
#include "client/cli/exit_codes.h"

namespace kiln::cli {
namespace {

nlohmann::json toJson(const v1::StatusReply &s) {
  nlohmann::json workers = nlohmann::json::array();
  for (const v1::WorkerStatus &w : s.workers()) {
    nlohmann::json tools = nlohmann::json::object();
    for (const v1::Toolchain &t : w.toolchains()) tools[t.name()] = t.identity();
    workers.push_back({{"id", w.id()},
                       {"local", w.local()},
                       {"trusted", w.trusted()},
                       {"targets", std::vector<std::string>(w.targets().begin(), w.targets().end())},
                       {"toolchains", tools},
                       {"slots", w.slots()},
                       {"busy", w.busy()},
                       {"last_seen_s", w.last_seen_s()}});
  }
  const v1::CacheStatus &c = s.cache();
  return {{"version", s.version()},
          {"uptime_s", s.uptime_s()},
          {"queue_depth", s.queue_depth()},
          {"jobs_running", s.jobs_running()},
          {"compiles", s.compiles()},
          {"second_opinions", s.second_opinions()},
          {"disagreements", s.disagreements()},
          {"quarantined", std::vector<std::string>(s.quarantined().begin(), s.quarantined().end())},
          {"workers", workers},
          {"cache",
           {{"actions", c.actions()},
            {"blobs", c.blobs()},
            {"stored_bytes", c.stored_bytes()},
            {"logical_bytes", c.logical_bytes()},
            {"max_bytes", c.max_bytes()},
            {"hits", c.hits()},
            {"misses", c.misses()},
            {"hit_rate", c.hit_rate()},
            {"evictions", c.evictions()},
            {"corruptions", c.corruptions()}}}};
}

int runStatus(bool json, const RemoteOptions &remote) {
  std::string error;
  std::optional<client::ClientConfig> config = clientConfig(remote, error);
  if (!config) {
    std::cerr << "kiln: error: " << error << "\n";
    return kExitUsage;
  }
  config->max_attempts = 1;  // status answers now, or says the service is down
  client::Client &client = processClient(*config);
  client::Result<v1::StatusReply> status = client.status();
  if (auto *failure = std::get_if<client::ClientError>(&status))
    return reportCallError(*failure, config->server, json);
  const v1::StatusReply &s = std::get<v1::StatusReply>(status);
  if (json) {
    nlohmann::json out = toJson(s);
    out["server"] = config->server;
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "kilnd " << s.version() << " at " << config->server << ", up " << std::fixed << std::setprecision(0)
            << s.uptime_s() << " s\n"
            << "jobs: " << s.queue_depth() << " queued, " << s.jobs_running() << " running, " << s.compiles()
            << " compiled\n"
            << "workers: " << s.workers_size() << "\n"
            << "second opinions: " << s.second_opinions() << ", " << s.disagreements() << " disagreed"
            << (s.quarantined_size() ? ", quarantined:" : "");
  for (const std::string &token : s.quarantined()) std::cout << " " << token;
  std::cout << "\n";
  for (const v1::WorkerStatus &w : s.workers()) {
    std::cout << "  " << w.id() << (w.local() ? " (kilnd's local worker)" : w.trusted() ? "" : " (untrusted)") << ": " << w.busy() << "/" << w.slots()
              << " busy, " << w.targets_size() << " targets, tools:";
    for (const v1::Toolchain &t : w.toolchains()) std::cout << " " << t.name();
    std::cout << "\n";
  }
  const v1::CacheStatus &c = s.cache();
  std::cout << "cache: " << c.actions() << " results, " << c.blobs() << " blobs, " << c.stored_bytes() << " bytes stored; "
            << c.hits() << " hits, " << c.misses() << " misses (" << std::setprecision(1) << c.hit_rate() * 100
            << "%), " << c.evictions() << " evictions, " << c.corruptions() << " corruptions\n";
  return kExitOk;
}

}  // namespace

Command addStatusCommand(CLI::App &app, const RemoteOptions &remote) {
  auto json = std::make_shared<bool>(false);
  CLI::App *cmd = app.add_subcommand("status", "Show kilnd's workers, queue, cache and uptime");
  cmd->add_flag("--json", *json, "Print JSON on stdout");
  cmd->footer("Exit status: 0 ok, 2 usage, 3 kilnd unavailable or refused the token.");
  return {cmd, [json, &remote] { return runStatus(*json, remote); }};
}

}  // namespace kiln::cli
