#include "server/api/target_catalog.h"

#include <algorithm>

#include "core/target_name.h"

namespace kiln::server {
namespace {

// What a worker may advertise, as data: bounded counts, names that are names.
constexpr std::size_t kMaxTargets = 1024;
constexpr std::size_t kMaxRoutes = 256;
constexpr std::size_t kMaxToolsPerRoute = 16;

bool isToolName(const std::string &name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

std::string TargetCatalog::add(const std::set<std::string> &known_targets, const std::vector<EmitRoute> &routes) {
  std::string refused;
  auto refuse = [&refused](const std::string &why) {
    if (refused.empty()) refused = why;
  };
  std::lock_guard lock(mutex_);
  for (const std::string &t : known_targets) {
    if (!isTargetName(t)) {
      refuse("a target name that is not one");
      continue;
    }
    if (targets_.size() >= kMaxTargets && !targets_.count(t)) {
      refuse("more than " + std::to_string(kMaxTargets) + " targets");
      break;
    }
    targets_.insert(t);
  }
  for (const EmitRoute &advertised : routes) {
    if (!std::all_of(advertised.tools.begin(), advertised.tools.end(), isToolName) ||
        advertised.tools.size() > kMaxToolsPerRoute) {
      refuse("a route with a tool name that is not one");
      continue;
    }
    for (const std::string &t : advertised.targets) {
      if (!isTargetName(t) || (targets_.size() >= kMaxTargets && !targets_.count(t))) {
        refuse("a route for a target name that is not one");
        continue;
      }
      targets_.insert(t);
      // One route per (target, input kind, path, emit). Two workers that disagree on
      // the tools get their union: the key then names every tool anyone
      // says the kind runs, so no worker can make results of different
      // toolchains share a key by advertising fewer tools.
      auto same = std::find_if(routes_.begin(), routes_.end(), [&](const EmitRoute &r) {
        return r.input == advertised.input && r.via == advertised.via && r.emit == advertised.emit &&
               r.targets.count(t);
      });
      if (same == routes_.end()) {
        if (routes_.size() >= kMaxRoutes * kMaxTargets) {
          refuse("more routes than kilnd keeps");
          continue;
        }
        routes_.push_back({{t}, advertised.via, advertised.emit, advertised.tools, advertised.input});
        std::sort(routes_.back().tools.begin(), routes_.back().tools.end());
        continue;
      }
      for (const std::string &tool : advertised.tools)
        if (std::find(same->tools.begin(), same->tools.end(), tool) == same->tools.end()) same->tools.push_back(tool);
      std::sort(same->tools.begin(), same->tools.end());
    }
  }
  return refused;
}

TargetCatalog::Lookup TargetCatalog::toolsFor(const CompileRequest &request) const {
  std::lock_guard lock(mutex_);
  Lookup out;
  if (targets_.empty()) return out;
  if (!targets_.count(request.target)) {
    std::string known;
    for (const std::string &t : targets_) known += (known.empty() ? "" : ", ") + t;
    out.refusal = "unknown target '" + request.target + "'; known: " + known;
    return out;
  }
  RouteLookup route = kiln::toolsFor(routes_, request);
  if (!route.missing.empty()) {
    out.refusal = "kiln cannot make " + route.missing + "; " + request.target + " takes " +
                  describeRoutes(routes_, request.target);
    return out;
  }
  out.tools = std::move(route.tools);
  return out;
}

}  // namespace kiln::server
