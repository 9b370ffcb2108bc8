#include "client/ptxas/ptxas_flags.h"

#include <charconv>
#include <map>
#include <string_view>

#include "core/target_name.h"
#include "core/wire_limits.h"

namespace kiln::ptxas {
namespace {

enum class Flag {
  kGpuName,
  kOutput,
  kOptLevel,
  kVerbose,
  kLineInfo,
  kDebug,
  kFmad,
  kRegAllocOptLevel,
  kVersion,
  kHelp,
  kKilnServer,
  kKilnMaxRequestBytes
};

struct FlagSpec {
  Flag flag;
  std::string_view long_name;   // with its "--"
  std::string_view short_name;  // with its "-"; empty when there is none
  bool takes_value;
  std::string_view value_name;  // for --help
  std::string_view help;
};

// ptxas's names (ptxas --help of CUDA 13.0), then kiln's own two.
constexpr FlagSpec kFlags[] = {
    {Flag::kGpuName, "--gpu-name", "-arch", true, "<gpu>",
     "Target GPU, e.g. sm_90 (default sm_75, as ptxas); kilnd says which it serves"},
    {Flag::kOutput, "--output-file", "-o", true, "<file>", "Where the cubin goes (default elf.o, as ptxas)"},
    {Flag::kOptLevel, "--opt-level", "-O", true, "<0-3>", "ptxas optimisation level (default 3); short form -O3"},
    {Flag::kVerbose, "--verbose", "-v", false, "", "Print ptxas's resource report (ptxas -v's lines) on stderr"},
    {Flag::kLineInfo, "--generate-line-info", "-lineinfo", false, "", "Line tables in the cubin"},
    {Flag::kDebug, "--device-debug", "-g", false, "", "Device debug information"},
    {Flag::kFmad, "--fmad", "-fmad", true, "<true|false>", "Contract multiply-adds (default true)"},
    // Not in ptxas --help, but Triton 3.9 passes --regAllocOptLevel=2 on
    // every call (its workaround for a ptxas 13 register-allocation bug).
    {Flag::kRegAllocOptLevel, "--regAllocOptLevel", "", true, "<0-3>",
     "ptxas's register allocation level, as Triton passes it"},
    {Flag::kVersion, "--version", "-V", false, "",
     "The version of the ptxas kilnd's workers run, in ptxas's words"},
    {Flag::kHelp, "--help", "-h", false, "", "This text"},
    {Flag::kKilnServer, "--kiln-server", "", true, "<host:port>", "kilnd's address (default $KILN_SERVER)"},
    {Flag::kKilnMaxRequestBytes, "--kiln-max-request-bytes", "", true, "<n>",
     "Largest PTX to send (default $KILN_MAX_REQUEST_BYTES, else kilnd's default 8388608)"},
};

// The option name ptxas's redefinition warning uses: the long name without "--".
std::string_view warningName(const FlagSpec &spec) { return spec.long_name.substr(2); }

FlagError error(const std::string &text) { return {"kiln-ptxas: error: " + text}; }

// A flag's name as the user wrote it, without any "=value".
std::string_view flagName(std::string_view arg) { return arg.substr(0, arg.find('=')); }

struct Match {
  const FlagSpec *spec = nullptr;
  std::string_view written;           // the name as written ("-arch")
  std::optional<std::string_view> value;  // attached: after '=', or -O's digits
};

std::optional<Match> match(std::string_view arg) {
  for (const FlagSpec &spec : kFlags)
    for (std::string_view name : {spec.long_name, spec.short_name}) {
      if (name.empty() || arg.substr(0, name.size()) != name) continue;
      std::string_view rest = arg.substr(name.size());
      if (rest.empty()) return Match{&spec, name, std::nullopt};
      if (rest[0] == '=') return Match{&spec, name, rest.substr(1)};
      // ptxas's -O takes its level attached: -O3.
      if (spec.flag == Flag::kOptLevel && name == "-O") return Match{&spec, name, rest};
    }
  return std::nullopt;
}

std::optional<long long> wholeNumber(std::string_view text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Applies one flag's value to `command`, or says why it cannot.
std::optional<FlagError> apply(PtxasCommand &command, const Match &m, std::string_view value) {
  const std::string written(m.written);
  const std::string text(value);
  switch (m.spec->flag) {
    case Flag::kGpuName:
      if (!isTargetName(value))
        return error("flag '" + written + "': '" + text + "' is not a GPU name (like sm_90)");
      command.gpu_name = text;
      return std::nullopt;
    case Flag::kOutput:
      if (value.empty()) return error("flag '" + written + "' needs a file name");
      command.output = text;
      return std::nullopt;
    case Flag::kOptLevel: {
      std::optional<long long> level = wholeNumber(value);
      if (!level || *level < 0 || *level > 3)
        return error("flag '" + written + "': '" + text + "' is not an optimisation level kiln passes (0 to 3)");
      command.options.opt_level = static_cast<int>(*level);
      return std::nullopt;
    }
    case Flag::kFmad:
      if (value != "true" && value != "false")
        return error("flag '" + written + "': '" + text + "': expected true or false");
      command.options.fmad = value == "true";
      return std::nullopt;
    case Flag::kRegAllocOptLevel: {
      std::optional<long long> level = wholeNumber(value);
      if (!level || *level < 0 || *level > 3)
        return error("flag '" + written + "': '" + text + "' is not a register allocation level kiln passes (0 to 3)");
      command.options.reg_alloc_opt_level = static_cast<int>(*level);
      return std::nullopt;
    }
    case Flag::kKilnServer:
      if (value.empty()) return error("flag '" + written + "' needs an address (host:port)");
      command.kiln_server = text;
      return std::nullopt;
    case Flag::kKilnMaxRequestBytes: {
      std::optional<long long> bytes = wholeNumber(value);
      if (!bytes || *bytes <= 0) return error("flag '" + written + "': '" + text + "' is not a byte count");
      command.max_request_bytes = *bytes;
      return std::nullopt;
    }
    default:
      return std::nullopt;  // flags without values are set by the caller
  }
}

}  // namespace

std::string supportedFlags() {
  std::string out;
  for (const FlagSpec &spec : kFlags) {
    if (!out.empty()) out += ", ";
    out += spec.long_name;
    if (!spec.short_name.empty()) out += " (" + std::string(spec.short_name) + ")";
  }
  return out;
}

std::variant<PtxasCommand, FlagError> parsePtxasFlags(const std::vector<std::string> &args) {
  PtxasCommand command;
  std::map<Flag, std::string> given;  // value flags seen, for ptxas's redefinition warning
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg.empty() || arg[0] != '-' || arg == "-") {
      if (!command.input.empty())
        return error("one PTX file per call: got '" + command.input + "' and '" + std::string(arg) +
                     "' (ptxas's several-files form is not supported)");
      command.input = std::string(arg);
      continue;
    }
    std::optional<Match> m = match(arg);
    if (!m)
      return error("flag '" + std::string(flagName(arg)) +
                   "' is not supported: kiln builds ptxas's arguments itself; supported: " + supportedFlags());
    const FlagSpec &spec = *m->spec;
    if (!spec.takes_value) {
      if (m->value) return error("flag '" + std::string(m->written) + "' takes no value");
      switch (spec.flag) {
        case Flag::kVerbose: command.options.verbose = true; break;
        case Flag::kLineInfo: command.options.line_info = true; break;
        case Flag::kDebug: command.options.debug = true; break;
        case Flag::kVersion:
          if (command.action == PtxasCommand::Action::kAssemble) command.action = PtxasCommand::Action::kVersion;
          break;
        case Flag::kHelp:
          if (command.action == PtxasCommand::Action::kAssemble) command.action = PtxasCommand::Action::kHelp;
          break;
        default: break;
      }
      continue;
    }
    std::string_view value;
    if (m->value) {
      value = *m->value;
    } else if (spec.flag == Flag::kOptLevel && m->written == "-O") {
      return error("flag '-O' needs its level attached, as in -O3 (ptxas reads a bare -O as -O0 and the next "
                   "argument as an input file)");
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return error("flag '" + std::string(m->written) + "' needs a value " + std::string(spec.value_name));
    }
    if (std::optional<FlagError> bad = apply(command, *m, value)) return *bad;
    auto [it, first] = given.emplace(spec.flag, std::string(value));
    if (!first && it->second != value) {
      command.warnings.push_back("ptxas warning : incompatible redefinition for option '" +
                                 std::string(warningName(spec)) + "', the last value of this option was used");
      it->second = std::string(value);
    }
  }
  // ptxas with no input file prints its usage and exits 0; so does kiln-ptxas.
  if (command.action == PtxasCommand::Action::kAssemble && command.input.empty())
    command.action = PtxasCommand::Action::kHelp;
  return command;
}

std::string helpText() {
  std::string out =
      "kiln-ptxas: a ptxas-compatible front door to kilnd. It assembles one PTX file into a cubin on\n"
      "kilnd's workers (their ptxas, kiln's PTX safety oracle first, the shared cache), for PTX\n"
      "producers that call ptxas: TRITON_PTXAS_PATH=/path/to/kiln-ptxas.\n"
      "\n"
      "Usage  : kiln-ptxas [options] <ptx file>\n"
      "\n"
      "Options (ptxas's spellings: --long or -short, a value as the next argument or after '='):\n";
  for (const FlagSpec &spec : kFlags) {
    std::string names = std::string(spec.long_name);
    if (!spec.value_name.empty()) names += " " + std::string(spec.value_name);
    if (!spec.short_name.empty()) names += "  (" + std::string(spec.short_name) + ")";
    out += "  " + names;
    out += names.size() < 40 ? std::string(40 - names.size(), ' ') : std::string("\n" + std::string(42, ' '));
    out += std::string(spec.help) + "\n";
  }
  out +=
      "\n"
      "Any other flag (-maxrregcount, -Werror, -w, --warn-on-spills, ...) is refused by name and never\n"
      "passed on: kiln builds ptxas's arguments itself, and a flag it does not model would change the\n"
      "cubin under a cache key that does not say so.\n"
      "\n"
      "Environment:\n"
      "  KILN_SERVER              kilnd's address (default 127.0.0.1:7878)\n"
      "  KILN_TOKEN_FILE          file holding a client token for kilnd\n"
      "  KILN_MAX_REQUEST_BYTES   largest PTX to send (default " +
      std::to_string(kDefaultMaxRequestBytes) +
      ", kilnd's default; match kilnd's --max-request-bytes)\n"
      "\n"
      "Output: the cubin at --output-file (written whole, or not at all); ptxas's own errors and warnings\n"
      "on stderr as ptxas prints them; the oracle's findings as file:line:col: error: [oracle.<rule>] ...;\n"
      "with -v, ptxas -v's report on stderr, line for line.\n"
      "\n"
      "Exit status: 0 assembled; 255 the compile failed (ptxas's status: a PTX error, an oracle finding,\n"
      "an unreadable input or unwritable output, PTX over the request limit); 2 a flag or value\n"
      "kiln-ptxas does not take, or a target kilnd does not serve; 3 kilnd unreachable or it refused the\n"
      "token (check KILN_SERVER, KILN_TOKEN_FILE); 4 no connected worker has ptxas for the target;\n"
      "5 kilnd's answer was refused (nothing was written).\n";
  return out;
}

}  // namespace kiln::ptxas
