#include "core/emit_route.h"

#include <algorithm>

namespace kiln {
namespace {

// Tile IR is what routes take unless they say otherwise: its messages stay
// as they were, the others name their input.
std::string fromInput(InputKind input) {
  return input == InputKind::kTileIr ? "" : std::string(" from ") + inputKindTitle(input);
}

}  // namespace

RouteLookup toolsFor(const std::vector<EmitRoute> &routes, const CompileRequest &request) {
  RouteLookup out;
  std::set<std::string> tools;
  for (Emit emit : request.emit) {
    auto route = std::find_if(routes.begin(), routes.end(), [&](const EmitRoute &r) {
      return r.input == request.input && r.via == request.via && r.emit == emit && r.targets.count(request.target);
    });
    if (route == routes.end()) {
      out.missing = std::string(emitName(emit)) + fromInput(request.input) + " via " + compilePathName(request.via) +
                    " for " + request.target;
      return out;
    }
    tools.insert(route->tools.begin(), route->tools.end());
  }
  out.tools.assign(tools.begin(), tools.end());
  return out;
}

std::string describeRoutes(const std::vector<EmitRoute> &routes, const std::string &target) {
  std::string out;
  for (InputKind input : kAllInputKinds)
    for (CompilePath via : {CompilePath::kBuiltin, CompilePath::kNvcc}) {
      std::string emits;
      for (const EmitRoute &r : routes)
        if (r.input == input && r.via == via && r.targets.count(target))
          emits += (emits.empty() ? "" : ", ") + std::string(emitName(r.emit));
      if (!emits.empty()) out += (out.empty() ? "" : "; ") + emits + fromInput(input) + " via " + compilePathName(via);
    }
  return out.empty() ? "nothing" : out;
}

}  // namespace kiln
