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

namespace {

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// A version token starting at `pos`: digits, a dot, digits, then any of
// [0-9A-Za-z.+_-] ("8.0.RC2", "15.0.5"); or bare digits when `bare_ok`.
std::optional<std::string> versionTokenAt(std::string_view line, size_t pos, bool bare_ok) {
  if (pos >= line.size() || !isDigit(line[pos]) || (pos > 0 && isWordChar(line[pos - 1]))) return std::nullopt;
  size_t end = pos;
  while (end < line.size() && isDigit(line[end])) ++end;
  bool dotted = end + 1 < line.size() && line[end] == '.' && isDigit(line[end + 1]);
  if (!dotted) {
    if (!bare_ok || (end < line.size() && isWordChar(line[end]))) return std::nullopt;
    return std::string(line.substr(pos, end - pos));
  }
  auto partOf = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '_' || c == '-'; };
  while (end < line.size() && partOf(line[end])) ++end;
  while (end > pos && (line[end - 1] == '.' || line[end - 1] == '-' || line[end - 1] == '+')) --end;
  return std::string(line.substr(pos, end - pos));
}

std::optional<std::string> firstVersionIn(std::string_view line, size_t from, bool bare_ok) {
  for (size_t pos = from; pos < line.size(); ++pos)
    if (std::optional<std::string> token = versionTokenAt(line, pos, bare_ok)) return token;
  return std::nullopt;
}

size_t findVersionWord(std::string_view line) {
  constexpr std::string_view kWord = "version";
  for (size_t at = 0; at + kWord.size() <= line.size(); ++at) {
    bool same = true;
    for (size_t i = 0; i < kWord.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(line[at + i])) == kWord[i];
    if (same) return at;
  }
  return std::string_view::npos;
}

std::vector<std::string_view> linesOf(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::optional<std::string> parseLenientVersion(std::string_view output) {
  std::vector<std::string_view> lines = linesOf(output);
  for (std::string_view line : lines) {
    size_t word = findVersionWord(line);
    if (word == std::string_view::npos) continue;
    if (auto token = firstVersionIn(line, word + 7, true)) return token;
  }
  for (std::string_view line : lines)
    if (auto token = firstVersionIn(line, 0, false)) return token;
  return std::nullopt;
}

ProbeRun probeTool(std::string_view name, const std::string &path, const std::vector<std::string> &args,
                   const IdentityConfig &config) {
  ProbeRun probe;
  WorkDirResult created = createWorkDir(config.sandbox.work_root, "kiln-probe-");
  if (!created.dir) {
    probe.diagnostics.push_back(*created.error);
    return probe;
  }
  std::vector<std::string> argv{path};
  argv.insert(argv.end(), args.begin(), args.end());
  // Its own folder must be visible inside; a probe needs nothing else
  // beyond what the sandbox config names (a tool's install root).
  std::string folder = std::filesystem::path(path).parent_path().string();
  SandboxResult sandboxed = sandboxCommand(config.sandbox, argv, created.dir->path(), {folder});
  if (!sandboxed.command) {
    probe.diagnostics = std::move(sandboxed.diagnostics);
    return probe;
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
    probe.diagnostics.push_back(toolError(name, "cannot run " + path + ": " + run.spawn_error));
    return probe;
  }
  if (run.timed_out) {
    std::string command = path;
    for (const std::string &arg : args) command += " " + arg;
    probe.diagnostics.push_back(
        toolError(name, command + " timed out after " + std::to_string(config.timeout.count()) + " ms"));
    return probe;
  }
  probe.ran = true;
  probe.exit_code = run.term_signal != 0 ? -1 : run.exit_code;
  probe.stdout_text = std::move(run.stdout_text);
  probe.stderr_text = std::move(run.stderr_text);
  return probe;
}

IdentityResult identifyTool(std::string_view name, const std::string &path,
                            const IdentityConfig &config) {
  IdentityResult result;
  ProbeRun run = probeTool(name, path, {"--version"}, config);
  if (!run.ran) {
    result.diagnostics = std::move(run.diagnostics);
    return result;
  }
  auto parse = config.parse_version ? config.parse_version : parseCudaToolVersion;
  std::optional<std::string> version = parse(run.stdout_text);
  if (!version) version = parse(run.stderr_text);
  if (!run.succeeded() || !version) {
    std::string said = firstLine(run.stdout_text.empty() ? run.stderr_text : run.stdout_text);
    result.diagnostics.push_back(toolError(
        name, "cannot read the version of " + path + " from its --version output" +
                  (said.empty() ? std::string() : ": '" + said + "'")));
    return result;
  }
  if (config.refuse) {
    std::string why = config.refuse(run.stdout_text + run.stderr_text);
    if (!why.empty()) {
      result.diagnostics.push_back(toolError(name, "refusing " + path + ": " + why));
      return result;
    }
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
