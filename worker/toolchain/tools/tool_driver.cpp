#include "worker/toolchain/tools/tool_driver.h"

#include "worker/toolchain/tools/tool_invocation.h"

namespace kiln::toolchain {

ToolDriver::ToolDriver(std::string name, ToolConfig config, ToolIdentity identity)
    : name_(std::move(name)), config_(std::move(config)), identity_(std::move(identity)) {}

ToolDriver::Discovery ToolDriver::discover(std::string name, ToolConfig config) {
  Discovery result;
  config.identity.sandbox = config.sandbox;
  ToolDiscovery found = discoverTool(name, config.path_override, config.search, config.identity);
  result.diagnostics = std::move(found.diagnostics);
  if (found.identity) result.driver.emplace(ToolDriver(std::move(name), std::move(config), std::move(*found.identity)));
  return result;
}

ToolRun ToolDriver::run(const ToolJob &job) const {
  ToolRun result;
  result.identity = identity_;
  if (std::optional<Diagnostic> bad =
          rejectJob(name_, job.input_name, job.input_kind, job.input.size(), config_.max_input_bytes)) {
    result.diagnostics.push_back(std::move(*bad));
    return result;
  }
  ToolInvocation invocation;
  invocation.tool = &identity_;
  invocation.args = job.args;
  invocation.input_name = job.input_name;
  invocation.input_text = job.input;
  invocation.output_name = job.output_name;
  invocation.logical_names = {{job.input_name, job.input_name}};
  invocation.timeout = config_.timeout;
  invocation.limits = config_.limits;
  invocation.max_output_bytes = config_.max_output_bytes;
  invocation.sandbox = config_.sandbox;
  invocation.parse_output = job.parse_output;
  InvocationOutcome outcome = runToolInvocation(invocation);

  result.artifact = std::move(outcome.artifact);
  result.diagnostics = std::move(outcome.diagnostics);
  result.output = std::move(outcome.output);
  result.wall_ms = outcome.wall_ms;
  result.sandboxed = outcome.sandboxed;
  result.sandbox_note = std::move(outcome.sandbox_note);
  result.argv = std::move(outcome.argv);
  result.launched_argv = std::move(outcome.launched_argv);
  return result;
}

}  // namespace kiln::toolchain
