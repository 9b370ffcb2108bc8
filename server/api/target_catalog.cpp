#include "server/api/target_catalog.h"

#include <algorithm>

namespace kiln::server {

void TargetCatalog::add(const std::set<std::string> &known_targets, const std::vector<EmitRoute> &routes) {
  std::lock_guard lock(mutex_);
  targets_.insert(known_targets.begin(), known_targets.end());
  for (const EmitRoute &route : routes) {
    targets_.insert(route.targets.begin(), route.targets.end());
    if (std::find(routes_.begin(), routes_.end(), route) == routes_.end()) routes_.push_back(route);
  }
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
