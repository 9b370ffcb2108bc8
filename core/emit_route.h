// What a backend can make and what it runs to make it: one route per (path,
// emit kind), with the tools it needs. Workers advertise their routes, so
// kilnd keys a request with the identities of exactly the tools that will
// run for it, without knowing any backend.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/compile_request.h"

namespace kiln {

struct EmitRoute {
  std::set<std::string> targets;  // the targets this route serves
  CompilePath via = CompilePath::kBuiltin;
  Emit emit = Emit::kCubin;
  std::vector<std::string> tools;  // e.g. {"llvm", "libdevice", "ptxas"}
  InputKind input = InputKind::kTileIr;  // the source kind it takes
  friend bool operator==(const EmitRoute &, const EmitRoute &) = default;
};

struct RouteLookup {
  std::vector<std::string> tools;  // sorted, each once: what the request runs
  std::string missing;             // why there is no route ("fatbin via builtin for sm_90",
                                   // "obj from AscendC C++ via builtin for ascend910b2"); empty if found
};

// The tools `request` runs by `routes`: the union over its emit kinds.
RouteLookup toolsFor(const std::vector<EmitRoute> &routes, const CompileRequest &request);

// "ptx, cubin, cuda via builtin; ptx, cubin, fatbin via nvcc; cubin from
// PTX via builtin": what `target` can be asked for, for an error message.
std::string describeRoutes(const std::vector<EmitRoute> &routes, const std::string &target);

}  // namespace kiln
