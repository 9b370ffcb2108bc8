#include "proto/convert/wire_convert.h"

#include "cache/digest.h"

namespace kiln::wire {

v1::Emit toProto(Emit emit) {
  switch (emit) {
    case Emit::kPtx: return v1::EMIT_PTX;
    case Emit::kCubin: return v1::EMIT_CUBIN;
    case Emit::kCuda: return v1::EMIT_CUDA;
    case Emit::kFatbin: return v1::EMIT_FATBIN;
  }
  return v1::EMIT_UNSPECIFIED;
}

std::optional<Emit> fromProto(v1::Emit emit) {
  switch (emit) {
    case v1::EMIT_PTX: return Emit::kPtx;
    case v1::EMIT_CUBIN: return Emit::kCubin;
    case v1::EMIT_CUDA: return Emit::kCuda;
    case v1::EMIT_FATBIN: return Emit::kFatbin;
    default: return std::nullopt;
  }
}

v1::CompileSpec toSpec(const CompileRequest &request) {
  v1::CompileSpec spec;
  spec.set_ir(request.source.text);
  spec.set_source_name(request.source.name);
  spec.set_ir_kind(v1::IR_KIND_TILE);
  spec.set_target(request.target);
  for (Emit e : request.emit) spec.add_emit(toProto(e));
  spec.set_via(request.via == CompilePath::kNvcc ? v1::COMPILE_PATH_NVCC : v1::COMPILE_PATH_BUILTIN);
  spec.set_oracle(request.oracle == oracle::OracleMode::kWarn  ? v1::ORACLE_MODE_WARN
                  : request.oracle == oracle::OracleMode::kOff ? v1::ORACLE_MODE_OFF
                                                               : v1::ORACLE_MODE_ERROR);
  return spec;
}

SpecResult fromSpec(const v1::CompileSpec &spec) {
  SpecResult out;
  if (spec.ir_kind() != v1::IR_KIND_UNSPECIFIED && spec.ir_kind() != v1::IR_KIND_TILE) {
    out.error = "unsupported IR kind " + std::to_string(spec.ir_kind()) + " (this kilnd accepts Tile IR)";
    return out;
  }
  if (spec.emit().empty()) {
    out.error = "no emit kind: ask for at least one of ptx, cubin, cuda, fatbin";
    return out;
  }
  if (spec.via() != v1::COMPILE_PATH_BUILTIN && spec.via() != v1::COMPILE_PATH_NVCC) {
    out.error = "unknown compile path " + std::to_string(spec.via());
    return out;
  }
  if (spec.oracle() != v1::ORACLE_MODE_ERROR && spec.oracle() != v1::ORACLE_MODE_WARN &&
      spec.oracle() != v1::ORACLE_MODE_OFF) {
    out.error = "unknown oracle mode " + std::to_string(spec.oracle());
    return out;
  }
  CompileRequest request;
  request.emit.clear();
  for (int e : spec.emit()) {
    std::optional<Emit> emit = fromProto(static_cast<v1::Emit>(e));
    if (!emit) {
      out.error = "unknown emit kind " + std::to_string(e);
      return out;
    }
    request.emit.push_back(*emit);
  }
  request.source.name = spec.source_name().empty() ? "<request>" : spec.source_name();
  request.source.text = spec.ir();
  request.target = spec.target();
  request.via = spec.via() == v1::COMPILE_PATH_NVCC ? CompilePath::kNvcc : CompilePath::kBuiltin;
  request.oracle = spec.oracle() == v1::ORACLE_MODE_WARN  ? oracle::OracleMode::kWarn
                   : spec.oracle() == v1::ORACLE_MODE_OFF ? oracle::OracleMode::kOff
                                                          : oracle::OracleMode::kError;
  out.request = std::move(request);
  return out;
}

v1::Diagnostic toProto(const Diagnostic &d) {
  v1::Diagnostic out;
  switch (d.severity) {
    case Severity::kError: out.set_severity(v1::SEVERITY_ERROR); break;
    case Severity::kWarning: out.set_severity(v1::SEVERITY_WARNING); break;
    case Severity::kNote: out.set_severity(v1::SEVERITY_NOTE); break;
    case Severity::kRemark: out.set_severity(v1::SEVERITY_REMARK); break;
  }
  out.set_file(d.file);
  out.set_line(d.line);
  out.set_column(d.column);
  out.set_message(d.message);
  out.set_tool(d.tool);
  for (const Diagnostic &note : d.notes) *out.add_notes() = toProto(note);
  return out;
}

Diagnostic fromProto(const v1::Diagnostic &d) {
  Diagnostic out;
  switch (d.severity()) {
    case v1::SEVERITY_WARNING: out.severity = Severity::kWarning; break;
    case v1::SEVERITY_NOTE: out.severity = Severity::kNote; break;
    case v1::SEVERITY_REMARK: out.severity = Severity::kRemark; break;
    default: out.severity = Severity::kError; break;
  }
  out.file = d.file();
  out.line = d.line();
  out.column = d.column();
  out.message = d.message();
  out.tool = d.tool();
  for (const v1::Diagnostic &note : d.notes()) out.notes.push_back(fromProto(note));
  return out;
}

v1::ArtifactInfo artifactInfo(const Artifact &artifact) {
  v1::ArtifactInfo info;
  info.set_name(artifact.name);
  info.set_kind(artifact.kind);
  info.set_digest(cache::Digest::of(artifact.bytes).hex());
  info.set_size(static_cast<std::int64_t>(artifact.bytes.size()));
  return info;
}

void toJobResult(const CompileResult &result, v1::JobResult *out) {
  out->set_ok(result.ok());
  for (const Artifact &a : result.artifacts) *out->add_artifacts() = artifactInfo(a);
  for (const Diagnostic &d : result.diagnostics) *out->add_diagnostics() = toProto(d);
  for (const StageTiming &t : result.timings) {
    v1::StageTiming *timing = out->add_timings();
    timing->set_stage(t.stage);
    timing->set_ms(t.ms);
  }
  for (const std::string &tool : result.tools) out->add_tools(tool);
  out->set_oracle_verdict(result.oracle_verdict);
}

void forEachChunk(std::string_view bytes, const std::function<void(std::int64_t, std::string_view)> &emit) {
  std::size_t offset = 0;
  do {
    std::string_view piece = bytes.substr(offset, kChunkBytes);
    emit(static_cast<std::int64_t>(offset), piece);
    offset += piece.size();
  } while (offset < bytes.size());
}

bool ArtifactAssembler::add(const v1::ArtifactChunk &chunk, std::string &error) {
  if (chunk.index() >= bytes_.size()) {
    error = "chunk for artifact " + std::to_string(chunk.index()) + " of " + std::to_string(bytes_.size());
    return false;
  }
  std::string &bytes = bytes_[chunk.index()];
  if (chunk.offset() != static_cast<std::int64_t>(bytes.size())) {
    error = "chunk at offset " + std::to_string(chunk.offset()) + " of artifact " +
            std::to_string(chunk.index()) + " which has " + std::to_string(bytes.size()) + " bytes so far";
    return false;
  }
  bytes += chunk.data();
  return true;
}

}  // namespace kiln::wire
