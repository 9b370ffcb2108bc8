// Between kiln's C++ request types (core/) and the kiln.v1 messages: the
// compile spec, emit kinds and diagnostics. The result's fields are mapped
// in result_convert.h, its bytes in artifact_chunks.h. The server, the
// worker daemon and the client all speak through here, so a field is mapped
// in exactly one place.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kiln/v1/common.pb.h"
#include "kiln/v1/worker.pb.h"
#include "core/compile_request.h"
#include "core/compile_result.h"
#include "core/emit_route.h"

namespace kiln::wire {

v1::Emit toProto(Emit emit);
std::optional<Emit> fromProto(v1::Emit emit);
v1::IrKind toProto(InputKind kind);
// Unspecified is Tile IR (requests from before the field); nothing for a
// value this build does not know.
std::optional<InputKind> fromProto(v1::IrKind kind);

v1::CompileSpec toSpec(const CompileRequest &request);
// The request a spec describes, or why it is not one kiln can run
// ("no emit kind", "unknown emit kind 7").
struct SpecResult {
  std::optional<CompileRequest> request;
  std::string error;
};
SpecResult fromSpec(const v1::CompileSpec &spec);

v1::EmitRoute toProto(const EmitRoute &route);
// Nothing when the route names an emit kind or path this kiln does not know.
std::optional<EmitRoute> fromProto(const v1::EmitRoute &route);

v1::Diagnostic toProto(const Diagnostic &diagnostic);
Diagnostic fromProto(const v1::Diagnostic &diagnostic);

}  // namespace kiln::wire
