// kiln-ptxas's command line: the ptxas flags PTX producers pass (Triton's
// `-lineinfo --fmad=false -v --opt-level 0 --gpu-name=sm_90 in.ptx -o out.cubin`),
// in the spellings ptxas 13 itself accepts, read into a plain struct. Every
// other flag is refused by name, never passed on: kilnd's worker builds
// ptxas's arguments from PtxasOptions (core/compile_request.h), so a flag
// kiln does not model would silently change nothing, or change the cubin
// under a key that does not say so.
//
// Spellings, as ptxas takes them: a long name with "--", its short name with
// "-", and a value either as the next argument or after '='
// (`--gpu-name sm_90`, `--gpu-name=sm_90`, `-arch sm_90`, `-arch=sm_90`).
// The short -O takes its level attached (`-O3`, `-O=3`): ptxas reads a bare
// `-O` as -O0 and the next argument as an input file, so kiln-ptxas refuses
// a bare -O rather than guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/compile_request.h"

namespace kiln::ptxas {

struct PtxasCommand {
  enum class Action { kAssemble, kHelp, kVersion };
  Action action = Action::kAssemble;
  std::string gpu_name = "sm_75";  // ptxas's default --gpu-name
  std::string output = "elf.o";    // ptxas's default --output-file
  std::string input;               // the one PTX file
  // -O, -lineinfo, -g, --fmad, and -v (ptxas's resource report on stderr;
  // off unless asked, as for ptxas, whose cubin records whether it ran)
  PtxasOptions options = [] {
    PtxasOptions o;
    o.verbose = false;
    return o;
  }();
  std::string kiln_server;         // --kiln-server; empty: $KILN_SERVER, else 127.0.0.1:7878
  std::optional<std::int64_t> max_request_bytes;  // --kiln-max-request-bytes; else $KILN_MAX_REQUEST_BYTES or 8 MiB
  // What ptxas itself would warn about on this command line (a value option
  // given twice with different values: the last one counts), in its words.
  std::vector<std::string> warnings;
};

// A command line kiln-ptxas does not run; `message` is the whole line to
// print ("kiln-ptxas: error: ...").
struct FlagError {
  std::string message;
};

std::variant<PtxasCommand, FlagError> parsePtxasFlags(const std::vector<std::string> &args);

/// "--gpu-name (-arch), --output-file (-o), ...": every flag kiln-ptxas takes.
std::string supportedFlags();

/// --help's text: usage, the flags, the environment and the exit codes.
std::string helpText();

}  // namespace kiln::ptxas
