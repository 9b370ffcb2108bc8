#include "worker/pipeline/compile_key.h"

namespace kiln {

std::string rawIrDigest(std::string_view text) { return "raw:" + cache::Digest::of(text).hex(); }

std::optional<CompileKey> compileKeyFor(const CompileRequest &request, const std::string &ir_digest,
                                        const ToolchainProfile &profile, const std::vector<std::string> &tools) {
  cache::ActionKeyInput in;
  in.ir_digest = ir_digest;
  in.target = request.target;
  for (Emit e : request.emit) in.emit.push_back(emitName(e));
  // A backend versions the checks of each source kind it takes as a setting
  // "validate.<kind>"; only the request's own kind's version enters its key,
  // so a new AscendC check leaves PTX and Tile IR keys alone.
  for (const auto &[name, value] : profile.settings)
    if (name.rfind(kValidateSettingPrefix, 0) != 0) in.options[name] = value;
  if (request.input != InputKind::kTileIr) {
    in.options["input"] = inputKindName(request.input);
    auto validation = profile.settings.find(validateSetting(request.input));
    in.options["validation"] = validation == profile.settings.end() ? "" : validation->second;
  }
  if (!request.ptxas.isDefault()) {
    in.options["ptxas.opt_level"] = std::to_string(request.ptxas.opt_level);
    in.options["ptxas.line_info"] = request.ptxas.line_info ? "1" : "0";
    in.options["ptxas.debug"] = request.ptxas.debug ? "1" : "0";
    in.options["ptxas.fmad"] = request.ptxas.fmad ? "1" : "0";
    in.options["ptxas.reg_alloc_opt_level"] = std::to_string(request.ptxas.reg_alloc_opt_level);
    // Only when off, so the keys of every earlier options set stay as they were.
    if (!request.ptxas.verbose) in.options["ptxas.verbose"] = "0";
  }
  in.options["via"] = compilePathName(request.via);
  in.options["source_name"] = request.source.name;
  // Only PTO output depends on the level; other keys stay as they were.
  if (wants(request, Emit::kPto) || wants(request, Emit::kPtoObject))
    in.options["pto_level"] = std::to_string(request.pto_level);
  in.oracle_mode = oracleModeName(request.oracle);
  for (const std::string &tool : tools) {
    auto it = profile.tools.find(tool);
    if (it == profile.tools.end()) return std::nullopt;
    in.tools[tool] = it->second;
  }
  in.lowering_version = profile.lowering;
  cache::Digest digest = cache::actionKey(in);
  return CompileKey{std::move(in), digest};
}

}  // namespace kiln
