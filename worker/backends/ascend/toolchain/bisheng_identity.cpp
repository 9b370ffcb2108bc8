#include "worker/backends/ascend/toolchain/bisheng_identity.h"

#include <cctype>

namespace kiln::ascend {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string firstLine(std::string_view text) {
  std::string line(text.substr(0, text.find('\n')));
  return line.size() > 200 ? line.substr(0, 200) : line;
}

}  // namespace

std::string refuseCpuBisheng(std::string_view version_output) {
  std::string text = lower(version_output);
  size_t at = text.find("bisheng enterprise");
  if (at == std::string::npos) at = text.find("kunpeng");
  if (at == std::string::npos) return "";
  size_t line_start = text.rfind('\n', at);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  return "its --version says '" + firstLine(version_output.substr(line_start)) +
         "': that is Kunpeng's BiSheng Enterprise, a CPU compiler, not CANN's bisheng for Ascend AI cores";
}

std::optional<Diagnostic> checkBishengDeviceTarget(const std::string &path, const toolchain::IdentityConfig &config) {
  toolchain::ProbeRun probe = toolchain::probeTool("bisheng", path, {"-print-targets"}, config);
  if (!probe.ran) {
    if (!probe.diagnostics.empty()) return probe.diagnostics.front();
    Diagnostic d;
    d.tool = "bisheng";
    d.message = "cannot run " + path + " -print-targets";
    return d;
  }
  if ((probe.stdout_text + probe.stderr_text).find("hiipu64") != std::string::npos) return std::nullopt;
  Diagnostic d;
  d.tool = "bisheng";
  d.message = "refusing " + path + ": its -print-targets lists no hiipu64 target, so it is not CANN's bisheng " +
              "for Ascend AI cores (Kunpeng's BiSheng Enterprise CPU compiler has the same name)";
  if (!probe.succeeded()) d.message += "; -print-targets exited with status " + std::to_string(probe.exit_code);
  return d;
}

}  // namespace kiln::ascend
