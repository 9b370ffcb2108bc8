#include "core/emit_route.h"

#include <algorithm>

namespace kiln {

RouteLookup toolsFor(const std::vector<EmitRoute> &routes, const CompileRequest &request) {
  RouteLookup out;
  std::set<std::string> tools;
  for (Emit emit : request.emit) {
    auto route = std::find_if(routes.begin(), routes.end(), [&](const EmitRoute &r) {
      return r.via == request.via && r.emit == emit && r.targets.count(request.target);
    });
    if (route == routes.end()) {
      out.missing = std::string(emitName(emit)) + " via " + compilePathName(request.via) + " for " + request.target;
      return out;
    }
    tools.insert(route->tools.begin(), route->tools.end());
  }
  out.tools.assign(tools.begin(), tools.end());
  return out;
}

std::string describeRoutes(const std::vector<EmitRoute> &routes, const std::string &target) {
  std::string out;
  for (CompilePath via : {CompilePath::kBuiltin, CompilePath::kNvcc}) {
    std::string emits;
    for (const EmitRoute &r : routes)
      if (r.via == via && r.targets.count(target)) emits += (emits.empty() ? "" : ", ") + std::string(emitName(r.emit));
    if (!emits.empty()) out += (out.empty() ? "" : "; ") + emits + " via " + compilePathName(via);
  }
  return out.empty() ? "nothing" : out;
}

}  // namespace kiln
