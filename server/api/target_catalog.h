// What kilnd has heard about targets: every target a worker's backends
// know, and the routes they make (EmitRoute: path and emit kind, and the
// tools each runs), as workers advertise them in Hello. kilnd keeps no
// vendor table of its own, so a new backend needs no change here:
//   - an unknown target: no worker that ever connected knows the name;
//   - no route: the target's backends cannot make that kind on that path;
//   - no worker (said by the scheduler): one knows it, none serves it now.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/emit_route.h"

namespace kiln::server {

class TargetCatalog {
 public:
  // Learns what a worker advertised. Its names are data: a target or tool
  // name that is not one, or counts past kilnd's bounds, are left out, and
  // the first such reason is returned (empty when all was taken) for the log.
  std::string add(const std::set<std::string> &known_targets, const std::vector<EmitRoute> &routes);

  struct Lookup {
    std::vector<std::string> tools;  // what the request runs
    std::string refusal;             // why kiln cannot take it; empty when it can
  };
  // Before any worker has connected kilnd knows nothing; then nothing is
  // refused here and the scheduler says "no worker is connected".
  Lookup toolsFor(const CompileRequest &request) const;

 private:
  mutable std::mutex mutex_;
  std::set<std::string> targets_;
  std::vector<EmitRoute> routes_;  // one per (target, path, emit): each has one target
};

}  // namespace kiln::server
