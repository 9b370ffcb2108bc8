// libFuzzer target: arbitrary bytes as Tile IR through the front end exactly
// as kilnd (the canonical key, digestSource) and every worker stage
// (verifySource) call it: checkInput's raw-text guards, the MLIR 16 parser
// with kiln's dialects registered, MLIR's verifiers, kiln's kernel rules and
// the canonical digest. Clients send this text over the wire, so a crash,
// hang or leak here takes kilnd or a worker down. tests/fuzz/run-fuzzers.sh
// builds and runs it against libMLIR (which is not instrumented: coverage
// and ASan see kiln's code, MLIR's heap through ASan's malloc).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/diagnostic_invariants.h"
#include "worker/pipeline/frontend.h"

namespace {

using kiln::fuzz::checkAll;

bool isDigest(const std::string &digest) {
  if (digest.size() != 64) return false;
  for (char c : digest)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kiln::SourceFile source{"fuzz.mlir", std::string(reinterpret_cast<const char *>(data), size)};
  unsigned lines = kiln::fuzz::countLines(source.text);

  kiln::DigestResult digest = kiln::digestSource(source);
  checkAll(digest.diagnostics, source.text, lines, source.name);
  // A digest only for a module without errors, and a refusal always says why.
  if (digest.ok() == kiln::hasErrors(digest.diagnostics)) __builtin_trap();
  if (digest.ok() && !isDigest(digest.digest)) __builtin_trap();

  kiln::VerifyResult verify = kiln::verifySource(source);
  checkAll(verify.diagnostics, source.text, lines, source.name);
  // Both run the same loader: kilnd's key and the worker's verdict agree.
  if (verify.ok() != digest.ok()) __builtin_trap();
  if (verify.diagnostics.size() != digest.diagnostics.size()) __builtin_trap();
  if (!verify.ok()) return 0;
  // A verified module holds a kernel (require_kernel), each named and
  // located in the text, with a grid of 1 to 3 positive extents.
  if (verify.kernels.empty()) __builtin_trap();
  for (const kiln::KernelSummary &kernel : verify.kernels) {
    if (kernel.name.empty() || kernel.line > lines) __builtin_trap();  // 0: not a line of this file
    if (kernel.grid.empty() || kernel.grid.size() > 3) __builtin_trap();
    for (int64_t extent : kernel.grid)
      if (extent <= 0) __builtin_trap();
  }
  return 0;
}
