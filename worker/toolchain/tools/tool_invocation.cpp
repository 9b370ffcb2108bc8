#include "worker/toolchain/tools/tool_invocation.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "worker/toolchain/process/work_dir.h"

namespace kiln::toolchain {
namespace {

Diagnostic makeDiagnostic(Severity severity, std::string tool, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.tool = std::move(tool);
  d.message = std::move(message);
  return d;
}

bool writeNewFile(const std::string &path, const std::string &text, std::string &error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    error = std::strerror(errno);
    return false;
  }
  return true;
}

enum class ReadStatus { kOk, kMissing, kNotRegular, kEmpty, kTooLarge, kError };

// The tool ran sandboxed but its output is read by kiln outside: a symlink
// planted under the artifact's name must not make kiln read a host file.
ReadStatus readArtifact(const std::string &path, uint64_t max_bytes, std::string &bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return errno == ENOENT ? ReadStatus::kMissing
                     : errno == ELOOP ? ReadStatus::kNotRegular
                                      : ReadStatus::kError;
  struct stat st;
  ReadStatus status = ReadStatus::kOk;
  if (::fstat(fd, &st) != 0) status = ReadStatus::kError;
  else if (!S_ISREG(st.st_mode)) status = ReadStatus::kNotRegular;
  else if (st.st_size == 0) status = ReadStatus::kEmpty;
  else if (static_cast<uint64_t>(st.st_size) > max_bytes) status = ReadStatus::kTooLarge;
  char buffer[1 << 16];
  while (status == ReadStatus::kOk) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) status = ReadStatus::kError;
    if (n <= 0) break;
    bytes.append(buffer, static_cast<size_t>(n));
    if (bytes.size() > max_bytes) status = ReadStatus::kTooLarge;
  }
  ::close(fd);
  if (status != ReadStatus::kOk) bytes.clear();
  return status;
}

std::string signalReason(int sig) {
  std::string why = "signal " + std::to_string(sig);
  switch (sig) {
    case SIGXCPU: return why + ", CPU time limit exceeded";
    case SIGXFSZ: return why + ", file size limit exceeded";
    case SIGKILL: return why + ", SIGKILL";
    case SIGSEGV: return why + ", SIGSEGV";
    case SIGABRT: return why + ", SIGABRT";
    default: return why;
  }
}

std::string logicalName(const ToolInvocation &inv, const std::string &actual) {
  for (const auto &[name, logical] : inv.logical_names)
    if (name == actual) return logical;
  return actual;
}

}  // namespace

std::string installRoot(const std::string &tool_path) {
  return std::filesystem::path(tool_path).parent_path().parent_path().string();
}

ToolDiscovery discoverTool(std::string_view name, const std::string &path_override,
                           const std::optional<ToolSearch> &search, const IdentityConfig &identity) {
  ToolDiscovery found;
  ToolSearch where = search ? *search : toolSearchFromEnvironment();
  if (!path_override.empty()) where.override_path = path_override;
  ToolLookup lookup = findTool(name, where);
  if (!lookup.found()) {
    found.diagnostics = std::move(lookup.diagnostics);
    return found;
  }
  IdentityResult identified = identifyTool(name, lookup.path, identity);
  found.identity = std::move(identified.identity);
  found.diagnostics = std::move(identified.diagnostics);
  return found;
}

InvocationOutcome runToolInvocation(const ToolInvocation &inv) {
  InvocationOutcome out;
  const std::string &tool = inv.tool->name;
  out.argv.push_back(inv.tool->path);
  out.argv.insert(out.argv.end(), inv.args.begin(), inv.args.end());

  WorkDirResult created = createWorkDir(inv.sandbox.work_root);
  if (!created.dir) {
    out.diagnostics.push_back(*created.error);
    return out;
  }
  const WorkDir &dir = *created.dir;
  OutputPaths paths{dir.path(), inv.logical_names};
  std::string error;
  if (!writeNewFile(dir.file(inv.input_name), inv.input_text, error)) {
    out.diagnostics.push_back(
        makeDiagnostic(Severity::kError, "kiln", "cannot write " + inv.input_name + ": " + error));
    return out;
  }

  SandboxResult sandboxed = sandboxCommand(inv.sandbox, out.argv, dir.path(), {installRoot(inv.tool->path)});
  if (!sandboxed.command) {
    out.diagnostics = std::move(sandboxed.diagnostics);
    return out;
  }
  out.sandboxed = sandboxed.command->sandboxed;
  out.sandbox_note = sandboxed.command->fallback_reason;
  out.launched_argv = sandboxed.command->argv;

  ProcessSpec spec;
  spec.argv = std::move(sandboxed.command->argv);
  spec.env = std::move(sandboxed.command->env);
  spec.working_directory = dir.path();
  spec.timeout = inv.timeout;
  spec.max_stdout_bytes = spec.max_stderr_bytes = inv.max_output_bytes;
  spec.limits = inv.limits;
  ProcessResult run = runProcess(spec);
  out.wall_ms = run.wall_ms;

  if (!run.spawn_error.empty()) {
    out.diagnostics.push_back(
        makeDiagnostic(Severity::kError, tool, "cannot run " + tool + ": " + paths.rewrite(run.spawn_error)));
    return out;
  }
  if (run.timed_out) {
    // Partial output of a killed tool is cut mid-line; the timeout is the news.
    out.diagnostics.push_back(makeDiagnostic(
        Severity::kError, tool, tool + " timed out after " + std::to_string(inv.timeout.count()) + " ms"));
    return out;
  }

  out.output = run.stderr_text;
  if (!out.output.empty() && out.output.back() != '\n' && !run.stdout_text.empty()) out.output += '\n';
  out.output = paths.rewrite(out.output + run.stdout_text);

  ToolOutputContext context;
  context.tool = tool;
  context.paths = paths;
  context.source = inv.input_text;
  context.source_name = logicalName(inv, inv.input_name);
  context.run_failed = !run.succeeded();
  if (inv.parse_output) out.diagnostics = inv.parse_output(out.output, context);

  if (run.stdout_truncated || run.stderr_truncated) {
    std::string message =
        tool + " printed more than " + std::to_string(inv.max_output_bytes) + " bytes; the rest was dropped";
    out.diagnostics.push_back(makeDiagnostic(Severity::kWarning, tool, std::move(message)));
  }
  if (run.term_signal != 0) {
    out.diagnostics.push_back(
        makeDiagnostic(Severity::kError, tool, tool + " was killed (" + signalReason(run.term_signal) + ")"));
    return out;
  }
  if (run.exit_code != 0 || hasErrors(out.diagnostics)) {
    if (!hasErrors(out.diagnostics)) {
      std::string message = tool + " failed with exit status " + std::to_string(run.exit_code);
      out.diagnostics.push_back(makeDiagnostic(Severity::kError, tool, std::move(message)));
    }
    return out;
  }

  uint64_t max_bytes = inv.limits.file_size_bytes != 0 ? inv.limits.file_size_bytes : (1ull << 30);
  std::string artifact_name = logicalName(inv, inv.output_name);
  switch (readArtifact(dir.file(inv.output_name), max_bytes, out.artifact)) {
    case ReadStatus::kOk: break;
    case ReadStatus::kMissing: error = "reported success but wrote no " + artifact_name; break;
    case ReadStatus::kNotRegular:
      error = "wrote " + artifact_name + " as something other than a regular file";
      break;
    case ReadStatus::kEmpty: error = "wrote an empty " + artifact_name; break;
    case ReadStatus::kTooLarge:
      error = "wrote a " + artifact_name + " over " + std::to_string(max_bytes) + " bytes";
      break;
    case ReadStatus::kError: error = "wrote a " + artifact_name + " kiln cannot read"; break;
  }
  if (out.artifact.empty())
    out.diagnostics.push_back(makeDiagnostic(Severity::kError, tool, tool + " " + error));
  return out;
}

std::optional<Diagnostic> rejectJob(std::string_view tool, const std::string &input_name, const char *what,
                                    size_t size, size_t limit) {
  if (size <= limit) return std::nullopt;
  Diagnostic d;
  d.tool = std::string(tool);
  d.file = input_name;
  d.message = std::string(what) + " is " + std::to_string(size) + " bytes, over the limit of " +
              std::to_string(limit);
  return d;
}

}  // namespace kiln::toolchain
