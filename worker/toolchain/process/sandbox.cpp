#include "worker/toolchain/process/sandbox.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

#include "worker/toolchain/process/process_runner.h"

namespace kiln::toolchain {
namespace fs = std::filesystem;

namespace {

bool isUnder(const std::string &path, const std::string &dir) {
  if (dir == "/") return !path.empty() && path[0] == '/';
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         path[dir.size()] == '/');
}

bool isUnderAny(const std::string &path, const std::vector<std::string> &dirs) {
  for (const std::string &dir : dirs)
    if (isUnder(path, dir)) return true;
  return false;
}

bool exists(const std::string &path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

std::string canonical(const std::string &path) {
  std::error_code ec;
  fs::path resolved = fs::canonical(path, ec);
  return ec ? std::string() : resolved.string();
}

std::string firstLine(const std::string &text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 200 ? line.substr(0, 200) : line;
}

BwrapProbe runProbe(const std::string &bwrap_path) {
  if (bwrap_path.empty() || ::access(bwrap_path.c_str(), X_OK) != 0)
    return {false, "bwrap not found at '" + bwrap_path + "'"};
  // The same namespaces and options a real run asks for: a kernel without
  // unprivileged user namespaces fails here rather than in a job.
  ProcessSpec spec;
  spec.argv = {bwrap_path, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
               "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
               "--", bwrap_path, "--version"};
  spec.env = {"PATH=/usr/bin:/bin"};
  spec.timeout = std::chrono::seconds(10);
  ProcessResult run = runProcess(spec);
  if (run.succeeded()) return {true, {}};
  std::string why = !run.spawn_error.empty() ? run.spawn_error
                    : run.timed_out          ? std::string("timed out")
                                             : firstLine(run.stderr_text);
  if (why.empty()) why = "exit status " + std::to_string(run.exit_code);
  return {false, "bwrap at '" + bwrap_path + "' cannot create a sandbox here: " + why};
}

// The sandbox's /tmp is a fresh tmpfs, which hides anything bound under
// the host's /tmp before it.
bool isUnderTmp(const std::string &real) { return real.rfind("/tmp/", 0) == 0; }

void addReadOnlyBinds(const SandboxConfig &config, const std::vector<std::string> &extra,
                      std::vector<std::string> &args) {
  // Both spellings of each bound path count as covered: /lib is a symlink
  // to /usr/lib on merged-/usr systems.
  std::vector<std::string> covered;
  for (const std::string &bind : config.read_only_binds) {
    if (bind.empty() || bind[0] != '/' || !exists(bind)) continue;
    args.insert(args.end(), {"--ro-bind", bind, bind});
    covered.push_back(bind);
    if (std::string real = canonical(bind); !real.empty()) covered.push_back(real);
  }
  for (const std::string &path : extra) {
    if (path.empty() || path[0] != '/' || !exists(path)) continue;
    std::string real = canonical(path);
    if (real.empty() || isUnderTmp(real)) continue;  // bound after the /tmp tmpfs (sandboxCommand)
    if (!isUnderAny(real, covered)) {
      args.insert(args.end(), {"--ro-bind", real, real});
      covered.push_back(real);
    }
    // A tool reached through a symlinked root (/opt/cuda -> /opt/cuda-13.0)
    // is invoked by that spelling, which must resolve inside too.
    if (!isUnderAny(path, covered)) {
      args.insert(args.end(), {"--ro-bind", real, path});
      covered.push_back(path);
    }
  }
  for (const std::string &masked : config.masked_paths) {
    std::string real = masked.empty() ? std::string() : canonical(masked);
    if (real.empty() || !isUnderAny(real, covered)) continue;
    struct stat st;
    if (::stat(real.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode))
      args.insert(args.end(), {"--tmpfs", real, "--remount-ro", real});
    else
      args.insert(args.end(), {"--ro-bind", "/dev/null", real});
  }
}

}  // namespace

BwrapProbe probeBwrap(const std::string &bwrap_path) {
  static std::mutex mutex;
  static std::map<std::string, BwrapProbe> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = cache.find(bwrap_path);
  if (found != cache.end()) return found->second;
  BwrapProbe probe = runProbe(bwrap_path);
  cache.emplace(bwrap_path, probe);
  return probe;
}

std::vector<std::string> toolEnvironment(const std::string &tool_path, const std::string &work_dir,
                                         const SandboxConfig &config) {
  std::string path = config.path;
  std::string tool_dir = fs::path(tool_path).parent_path().string();
  bool listed = (":" + path + ":").find(":" + tool_dir + ":") != std::string::npos;
  if (!tool_dir.empty() && !listed) path = path.empty() ? tool_dir : tool_dir + ":" + path;
  return {"PATH=" + path, "HOME=" + work_dir, "TMPDIR=" + work_dir, "LC_ALL=C"};
}

SandboxResult sandboxCommand(const SandboxConfig &config, const std::vector<std::string> &argv,
                             const std::string &work_dir,
                             const std::vector<std::string> &extra) {
  SandboxResult result;
  std::vector<std::string> extra_read_only = extra;
  extra_read_only.insert(extra_read_only.end(), config.tool_dirs.begin(), config.tool_dirs.end());
  if (argv.empty() || work_dir.empty() || work_dir[0] != '/') {
    Diagnostic d;
    d.message = "internal error: a sandboxed command needs a program and an absolute work directory";
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  SandboxedCommand command;
  command.env = toolEnvironment(argv[0], work_dir, config);

  std::string fallback;
  if (config.mode == SandboxMode::kNever) {
    fallback = "sandbox disabled by configuration";
  } else if (BwrapProbe probe = probeBwrap(config.bwrap_path); !probe.usable) {
    if (config.mode == SandboxMode::kAlways) {
      Diagnostic d;
      d.message = "sandbox required but " + probe.reason;
      result.diagnostics.push_back(std::move(d));
      return result;
    }
    fallback = probe.reason;
  }
  if (!fallback.empty()) {
    command.argv = argv;
    command.fallback_reason = std::move(fallback);
    result.command = std::move(command);
    return result;
  }

  std::vector<std::string> &args = command.argv;
  // --new-session keeps a tool from injecting input into a terminal (TIOCSTI);
  // --cap-drop ALL matters when kiln runs as root, where bwrap keeps caps.
  args = {config.bwrap_path, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"};
  addReadOnlyBinds(config, extra_read_only, args);
  // The work dir is bound after the /tmp tmpfs, which would otherwise hide it.
  args.insert(args.end(), {"--tmpfs", "/tmp", "--dev", "/dev", "--proc", "/proc", "--bind", work_dir, work_dir});
  for (const std::string &path : extra_read_only) {
    std::string real = path.empty() || path[0] != '/' ? std::string() : canonical(path);
    if (!real.empty() && isUnderTmp(real) && real != work_dir) args.insert(args.end(), {"--ro-bind", real, real});
  }
  // Last: the sandbox's own root, where bwrap made the mount points (and
  // /etc for the loader's files), read-only too.
  args.insert(args.end(), {"--remount-ro", "/", "--chdir", work_dir, "--clearenv"});
  for (const std::string &entry : command.env) {
    size_t eq = entry.find('=');
    args.insert(args.end(), {"--setenv", entry.substr(0, eq), entry.substr(eq + 1)});
  }
  args.push_back("--");
  args.insert(args.end(), argv.begin(), argv.end());
  command.sandboxed = true;
  result.command = std::move(command);
  return result;
}

}  // namespace kiln::toolchain
