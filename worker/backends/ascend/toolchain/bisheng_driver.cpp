#include "worker/backends/ascend/toolchain/bisheng_driver.h"

#include "worker/backends/ascend/toolchain/ascend_diagnostics.h"
#include "worker/backends/ascend/toolchain/bisheng_identity.h"
#include "worker/backends/ascend/toolchain/target_flag_checks.h"

namespace kiln::ascend {
namespace {

Diagnostic bishengError(std::string message) {
  Diagnostic d;
  d.tool = "bisheng";
  d.message = std::move(message);
  return d;
}

// What CANN's own device compile lines pass the backend (the 8.5
// compile_commands.json and 8.1 bisheng_intf.cmake agree): stack sizes, and
// the address and cache handling the runtime expects.
const std::vector<std::string> &cceBackendOptions() {
  static const std::vector<std::string> options = {
      "-mllvm", "-cce-aicore-stack-size=0x8000",        "-mllvm", "-cce-aicore-function-stack-size=0x8000",
      "-mllvm", "-cce-aicore-record-overflow=true",     "-mllvm", "-cce-aicore-addr-transform",
      "-mllvm", "-cce-aicore-dcci-insert-for-scalar=false"};
  return options;
}

// pto-isa's headers pick their implementation by macro: MEMORY_BASE for
// A2/A3 (910B/910C), REGISTER_BASE for A5 (950).
std::string ptoIsaArchMacro(const std::string &pto_arch) {
  if (pto_arch == "a3") return "-DMEMORY_BASE";
  if (pto_arch == "a5") return "-DREGISTER_BASE";
  return "";
}

}  // namespace

BishengConfig defaultBishengConfig() { return BishengConfig{}; }

BishengDiscovery BishengDriver::discover(BishengConfig config) {
  toolchain::ToolSearch where = config.search ? *config.search : bishengSearch(ascendEnvironmentFromProcess());
  if (!config.path_override.empty()) where.override_path = config.path_override;
  // Found first, so that the CANN home is known before the binary is run:
  // bisheng's own libraries and headers live there, and the sandbox must
  // show them to --version already.
  toolchain::ToolLookup lookup = toolchain::findTool("bisheng", where);
  if (!lookup.found()) return {std::nullopt, std::move(lookup.diagnostics)};
  CannInstall install = cannInstallOf(lookup.path);
  config.search = where;
  config.path_override = lookup.path;  // identify exactly the binary found
  if (!install.home.empty()) config.sandbox.tool_dirs.push_back(install.home);
  config.identity.parse_version = toolchain::parseLenientVersion;
  config.identity.refuse = refuseCpuBisheng;

  BishengDiscovery found = toolchain::discoverDriver<BishengDriver>("bisheng", std::move(config));
  if (!found.driver) return found;
  if (std::optional<Diagnostic> bad =
          checkBishengDeviceTarget(found.driver->identity().path, found.driver->config().identity)) {
    found.driver.reset();
    found.diagnostics.push_back(std::move(*bad));
    return found;
  }
  found.driver->install_ = install;
  found.driver->include_dirs_ = ascendcIncludeDirs(install.home);
  found.driver->pto_isa_include_ = ptoIsaIncludeDir(install.home);
  return found;
}

std::optional<Diagnostic> BishengDriver::refuse(const BishengJob &job) const {
  if (std::optional<Diagnostic> bad = checkTarget(job.target, "bisheng")) return bad;
  const AscendTarget &t = *job.target;
  if (install_.layout == CannLayout::kCann9 ? t.npu_arch.empty() : t.archFor(job.core).empty())
    return bishengError("target " + t.name + " has no " +
                        (install_.layout == CannLayout::kCann9 ? std::string("NPU arch")
                                                               : std::string(coreKindName(job.core)) + " core arch") +
                        " for bisheng");
  if (job.from_ptoas) {
    if (ptoIsaArchMacro(t.pto_arch).empty())
      return bishengError("target " + t.name + " has no PTO arch pto-isa's headers know (a3 or a5)");
    if (pto_isa_include_.empty())
      return bishengError("pto-isa's headers (pto/pto-inst.hpp), which ptoas' C++ includes, are not under the CANN home '" +
                          install_.home + "'");
  }
  return std::nullopt;
}

std::vector<std::string> BishengDriver::arguments(const BishengJob &job) const {
  if (refuse(job)) return {};
  const AscendTarget &t = *job.target;
  // -xcce: the input is AscendC (CCE) C++ though it is named .cpp.
  std::vector<std::string> args = {"-xcce"};
  if (install_.layout == CannLayout::kCann9) {
    // CANN 9.x (recognised by its tools/bisheng_compiler/bin layout, see
    // cannInstallOf) names the chip generation with --npu-arch, as
    // TileLang's Ascend fork does; the core kind then comes from the
    // kernel's own attributes (UNVERIFIED: no public 9.x compile line).
    args.push_back("--npu-arch=" + t.npu_arch);
    args.push_back("--cce-aicore-only");
    args.insert(args.end(), {"-O2", "-std=c++17"});
  } else {
    // CANN 8.x and 8.5, and a bisheng outside any known layout: one core
    // kind per object, device code only.
    args.push_back("--cce-aicore-arch=" + t.archFor(job.core));
    args.push_back("--cce-aicore-only");
    args.insert(args.end(), {"-O2", "-std=c++17"});
    args.insert(args.end(), cceBackendOptions().begin(), cceBackendOptions().end());
  }
  // kiln's code synchronises its pipes itself (queues, SetFlag/WaitFlag), so
  // no --cce-auto-sync, which also requires every callee to be inline.
  args.insert(args.end(), t.extra_bisheng_flags.begin(), t.extra_bisheng_flags.end());
  if (job.from_ptoas) {
    args.push_back(ptoIsaArchMacro(t.pto_arch));
    args.push_back("-I" + pto_isa_include_);
  }
  for (const std::string &dir : include_dirs_)
    if (!job.from_ptoas || dir != pto_isa_include_) args.push_back("-I" + dir);
  args.insert(args.end(), {"-c", std::string(kGeneratedCpp), "-o", "kernel.o"});
  return args;
}

toolchain::ToolRun BishengDriver::compile(const BishengJob &job) const {
  if (std::optional<Diagnostic> bad = refuse(job)) {
    toolchain::ToolRun refused;
    refused.identity = identity();
    refused.diagnostics.push_back(std::move(*bad));
    return refused;
  }
  toolchain::ToolRun run =
      tool_.run({job.source, std::string(kGeneratedCpp), "source", "kernel.o", arguments(job), parseAscendOutput});
  run.diagnostics = job.client_source.empty()
                        ? mapToSource(std::move(run.diagnostics), job.source)
                        : renameToSource(std::move(run.diagnostics), kGeneratedCpp, job.client_source);
  return run;
}

}  // namespace kiln::ascend
