#include "proto/convert/wire_convert.h"


namespace kiln::wire {

v1::Emit toProto(Emit emit) {
  switch (emit) {
    case Emit::kPtx: return v1::EMIT_PTX;
    case Emit::kCubin: return v1::EMIT_CUBIN;
    case Emit::kCuda: return v1::EMIT_CUDA;
    case Emit::kFatbin: return v1::EMIT_FATBIN;
    case Emit::kAscendC: return v1::EMIT_ASCENDC;
    case Emit::kPto: return v1::EMIT_PTO;
    case Emit::kObject: return v1::EMIT_OBJ;
    case Emit::kPtoObject: return v1::EMIT_PTO_OBJ;
  }
  return v1::EMIT_UNSPECIFIED;
}

std::optional<Emit> fromProto(v1::Emit emit) {
  switch (emit) {
    case v1::EMIT_PTX: return Emit::kPtx;
    case v1::EMIT_CUBIN: return Emit::kCubin;
    case v1::EMIT_CUDA: return Emit::kCuda;
    case v1::EMIT_FATBIN: return Emit::kFatbin;
    case v1::EMIT_ASCENDC: return Emit::kAscendC;
    case v1::EMIT_PTO: return Emit::kPto;
    case v1::EMIT_OBJ: return Emit::kObject;
    case v1::EMIT_PTO_OBJ: return Emit::kPtoObject;
    default: return std::nullopt;
  }
}

v1::IrKind toProto(InputKind kind) {
  switch (kind) {
    case InputKind::kTileIr: return v1::IR_KIND_TILE;
    case InputKind::kPtx: return v1::IR_KIND_PTX;
    case InputKind::kAscendC: return v1::IR_KIND_ASCENDC;
    case InputKind::kPto: return v1::IR_KIND_PTO;
  }
  return v1::IR_KIND_UNSPECIFIED;
}

std::optional<InputKind> fromProto(v1::IrKind kind) {
  switch (kind) {
    case v1::IR_KIND_UNSPECIFIED:
    case v1::IR_KIND_TILE: return InputKind::kTileIr;
    case v1::IR_KIND_PTX: return InputKind::kPtx;
    case v1::IR_KIND_ASCENDC: return InputKind::kAscendC;
    case v1::IR_KIND_PTO: return InputKind::kPto;
    default: return std::nullopt;
  }
}

v1::CompileSpec toSpec(const CompileRequest &request) {
  v1::CompileSpec spec;
  spec.set_ir(request.source.text);
  spec.set_source_name(request.source.name);
  spec.set_ir_kind(toProto(request.input));
  spec.set_target(request.target);
  for (Emit e : request.emit) spec.add_emit(toProto(e));
  spec.set_via(request.via == CompilePath::kNvcc ? v1::COMPILE_PATH_NVCC : v1::COMPILE_PATH_BUILTIN);
  spec.set_oracle(request.oracle == OracleMode::kWarn  ? v1::ORACLE_MODE_WARN
                  : request.oracle == OracleMode::kOff ? v1::ORACLE_MODE_OFF
                                                               : v1::ORACLE_MODE_ERROR);
  spec.set_pto_level(request.pto_level);
  const PtxasOptions defaults;
  if (request.ptxas.opt_level != defaults.opt_level) spec.set_opt_level(request.ptxas.opt_level);
  spec.set_line_info(request.ptxas.line_info);
  spec.set_debug(request.ptxas.debug);
  if (request.ptxas.fmad != defaults.fmad) spec.set_fmad(request.ptxas.fmad);
  if (request.ptxas.reg_alloc_opt_level >= 0) spec.set_reg_alloc_opt_level(request.ptxas.reg_alloc_opt_level);
  if (request.ptxas.verbose != defaults.verbose) spec.set_ptxas_verbose(request.ptxas.verbose);
  return spec;
}

SpecResult fromSpec(const v1::CompileSpec &spec) {
  SpecResult out;
  std::optional<InputKind> input = fromProto(spec.ir_kind());
  if (!input) {
    out.error = "unknown IR kind " + std::to_string(spec.ir_kind()) +
                " (this kilnd accepts Tile IR, PTX, AscendC C++ and PTO-MLIR)";
    return out;
  }
  const bool ptxas_options =
      spec.has_opt_level() || spec.line_info() || spec.debug() || spec.has_fmad() || spec.has_reg_alloc_opt_level() ||
      spec.has_ptxas_verbose();
  if (ptxas_options && *input != InputKind::kPtx) {
    out.error = std::string("ptxas options (opt level, line info, debug, fmad, verbose) apply to PTX inputs, not ") +
                inputKindTitle(*input);
    return out;
  }
  if (spec.has_opt_level() && (spec.opt_level() < 0 || spec.opt_level() > 3)) {
    out.error = "unknown ptxas opt level " + std::to_string(spec.opt_level()) + " (ptxas takes 0 to 3)";
    return out;
  }
  if (spec.has_reg_alloc_opt_level() && (spec.reg_alloc_opt_level() < 0 || spec.reg_alloc_opt_level() > 3)) {
    out.error = "unknown ptxas register allocation level " + std::to_string(spec.reg_alloc_opt_level()) +
                " (kiln passes 0 to 3)";
    return out;
  }
  if (spec.emit().empty()) {
    out.error = "no emit kind: ask for at least one of ptx, cubin, cuda, fatbin, ascendc, pto, obj, pto-obj";
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
  if (spec.pto_level() != 0 && spec.pto_level() != 2 && spec.pto_level() != 3) {
    out.error = "unknown PTO level " + std::to_string(spec.pto_level()) + " (kiln emits PTO at level 2 or 3)";
    return out;
  }
  CompileRequest request;
  request.input = *input;
  if (spec.has_opt_level()) request.ptxas.opt_level = spec.opt_level();
  request.ptxas.line_info = spec.line_info();
  request.ptxas.debug = spec.debug();
  if (spec.has_fmad()) request.ptxas.fmad = spec.fmad();
  if (spec.has_reg_alloc_opt_level()) request.ptxas.reg_alloc_opt_level = spec.reg_alloc_opt_level();
  if (spec.has_ptxas_verbose()) request.ptxas.verbose = spec.ptxas_verbose();
  request.pto_level = spec.pto_level() == 0 ? 3 : spec.pto_level();
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
  request.oracle = spec.oracle() == v1::ORACLE_MODE_WARN  ? OracleMode::kWarn
                   : spec.oracle() == v1::ORACLE_MODE_OFF ? OracleMode::kOff
                                                          : OracleMode::kError;
  out.request = std::move(request);
  return out;
}

v1::EmitRoute toProto(const EmitRoute &route) {
  v1::EmitRoute out;
  for (const std::string &t : route.targets) out.add_targets(t);
  out.set_via(route.via == CompilePath::kNvcc ? v1::COMPILE_PATH_NVCC : v1::COMPILE_PATH_BUILTIN);
  out.set_emit(toProto(route.emit));
  for (const std::string &tool : route.tools) out.add_tools(tool);
  out.set_input(toProto(route.input));
  return out;
}

std::optional<EmitRoute> fromProto(const v1::EmitRoute &route) {
  std::optional<Emit> emit = fromProto(route.emit());
  std::optional<InputKind> input = fromProto(route.input());
  if (!emit || !input || (route.via() != v1::COMPILE_PATH_BUILTIN && route.via() != v1::COMPILE_PATH_NVCC))
    return std::nullopt;
  EmitRoute out;
  out.input = *input;
  out.targets.insert(route.targets().begin(), route.targets().end());
  out.via = route.via() == v1::COMPILE_PATH_NVCC ? CompilePath::kNvcc : CompilePath::kBuiltin;
  out.emit = *emit;
  out.tools.assign(route.tools().begin(), route.tools().end());
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

}  // namespace kiln::wire
