#include "proto/convert/result_convert.h"

#include "cache/digest.h"
#include "proto/convert/wire_convert.h"

namespace kiln::wire {

template <typename ResultMessage>
void writeResult(const CompileResult &result, ResultMessage *out, const std::vector<std::string> &digests) {
  out->set_ok(result.ok());
  for (std::size_t i = 0; i < result.artifacts.size(); ++i) {
    const Artifact &a = result.artifacts[i];
    v1::ArtifactInfo *info = out->add_artifacts();
    info->set_name(a.name);
    info->set_kind(a.kind);
    info->set_digest(digests.size() == result.artifacts.size() ? digests[i] : cache::Digest::of(a.bytes).hex());
    info->set_size(static_cast<std::int64_t>(a.bytes.size()));
  }
  for (const Diagnostic &d : result.diagnostics) *out->add_diagnostics() = toProto(d);
  for (const StageTiming &t : result.timings) {
    v1::StageTiming *timing = out->add_timings();
    timing->set_stage(t.stage);
    timing->set_ms(t.ms);
  }
  for (const std::string &tool : result.tools) out->add_tools(tool);
  out->set_oracle_verdict(oracleVerdictName(result.oracle_verdict));
  out->set_tool_log(result.tool_log);
}

template <typename ResultMessage>
CompileResult readResult(const ResultMessage &message, std::vector<std::string> bytes) {
  CompileResult result;
  bytes.resize(static_cast<std::size_t>(message.artifacts_size()));
  for (int i = 0; i < message.artifacts_size(); ++i)
    result.artifacts.push_back({message.artifacts(i).name(), message.artifacts(i).kind(), std::move(bytes[i])});
  for (const v1::Diagnostic &d : message.diagnostics()) result.diagnostics.push_back(fromProto(d));
  for (const v1::StageTiming &t : message.timings()) result.timings.push_back({t.stage(), t.ms()});
  result.tools.assign(message.tools().begin(), message.tools().end());
  result.oracle_verdict = parseOracleVerdict(message.oracle_verdict());
  result.tool_log = message.tool_log();
  return result;
}

template void writeResult(const CompileResult &, v1::JobResult *, const std::vector<std::string> &);
template void writeResult(const CompileResult &, v1::CompileSummary *, const std::vector<std::string> &);
template CompileResult readResult(const v1::JobResult &, std::vector<std::string>);
template CompileResult readResult(const v1::CompileSummary &, std::vector<std::string>);

}  // namespace kiln::wire
