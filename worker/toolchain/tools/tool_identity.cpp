#include "worker/toolchain/tools/tool_identity.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "worker/toolchain/process/work_dir.h"

namespace kiln::toolchain {
namespace {

Diagnostic toolError(std::string_view tool, std::string message) {
  Diagnostic d;
  d.tool = std::string(tool);
  d.message = std::move(message);
  return d;
}

std::string firstLine(const std::string &text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 200 ? line.substr(0, 200) : line;
}

}  // namespace

std::string ToolIdentity::key() const { return name + " " + version + " sha256:" + sha256; }

std::optional<std::string> parseCudaToolVersion(std::string_view output) {
  constexpr std::string_view kMarker = "Cuda compilation tools, release ";
  size_t at = output.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view line = output.substr(at);
  line = line.substr(0, line.find('\n'));
  size_t v = line.find(", V");
  if (v == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(v + 3);
  size_t end = 0;
  while (end < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[end])) || rest[end] == '.'))
    ++end;
  std::string version(rest.substr(0, end));
  if (version.empty() || !std::isdigit(static_cast<unsigned char>(version.front())) ||
      version.back() == '.')
    return std::nullopt;
  return version;
}

FileDigest sha256File(const std::string &path) {
  FileDigest digest;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    digest.error = "cannot open '" + path + "': " + std::strerror(errno);
    return digest;
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
  char buffer[1 << 16];
  while (ok) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      digest.error = "cannot read '" + path + "': " + std::strerror(errno);
      ok = false;
    }
    if (n <= 0) break;
    ok = EVP_DigestUpdate(ctx.get(), buffer, static_cast<size_t>(n)) == 1;
  }
  ::close(fd);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (ok) ok = EVP_DigestFinal_ex(ctx.get(), md, &size) == 1;
  if (!ok) {
    if (digest.error.empty()) digest.error = "SHA-256 of '" + path + "' failed";
    return digest;
  }
  static const char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < size; ++i) {
    digest.hex += kHex[md[i] >> 4];
    digest.hex += kHex[md[i] & 0xf];
  }
  return digest;
}

IdentityResult identifyTool(std::string_view name, const std::string &path,
                            const IdentityConfig &config) {
  IdentityResult result;
  WorkDirResult created = createWorkDir(config.sandbox.work_root, "kiln-probe-");
  if (!created.dir) {
    result.diagnostics.push_back(*created.error);
    return result;
  }
  // Its own folder must be visible inside; --version needs nothing else.
  std::string folder = std::filesystem::path(path).parent_path().string();
  SandboxResult sandboxed = sandboxCommand(config.sandbox, {path, "--version"}, created.dir->path(), {folder});
  if (!sandboxed.command) {
    result.diagnostics = std::move(sandboxed.diagnostics);
    return result;
  }
  ProcessSpec spec;
  spec.argv = std::move(sandboxed.command->argv);
  spec.env = std::move(sandboxed.command->env);
  spec.working_directory = created.dir->path();
  spec.timeout = config.timeout;
  spec.max_stdout_bytes = spec.max_stderr_bytes = 64u << 10;
  spec.limits = config.limits;
  ProcessResult run = runProcess(spec);
  if (!run.spawn_error.empty()) {
    result.diagnostics.push_back(toolError(name, "cannot run " + path + ": " + run.spawn_error));
    return result;
  }
  if (run.timed_out) {
    result.diagnostics.push_back(toolError(
        name, path + " --version timed out after " + std::to_string(config.timeout.count()) + " ms"));
    return result;
  }
  std::optional<std::string> version = parseCudaToolVersion(run.stdout_text);
  if (!version) version = parseCudaToolVersion(run.stderr_text);
  if (!run.succeeded() || !version) {
    std::string said = firstLine(run.stdout_text.empty() ? run.stderr_text : run.stdout_text);
    result.diagnostics.push_back(toolError(
        name, "cannot read the version of " + path + " from its --version output" +
                  (said.empty() ? std::string() : ": '" + said + "'")));
    return result;
  }
  FileDigest digest = sha256File(path);
  if (digest.hex.empty()) {
    result.diagnostics.push_back(toolError(name, digest.error));
    return result;
  }
  result.identity = ToolIdentity{std::string(name), path, *version, digest.hex};
  return result;
}

}  // namespace kiln::toolchain
