// libFuzzer target: arbitrary bytes as PTX through the oracle's PTX front end
// and shared-memory checks. `kiln check FILE.ptx` runs exactly this on user
// files, so any crash, hang, sanitizer report or broken invariant here is a
// crash of the CLI on some input. tests/fuzz/run-fuzzers.sh builds and runs it.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/fuzz/diagnostic_invariants.h"
#include "worker/oracle/ptx/ptx_frontend.h"
#include "worker/oracle/ptx/shared_checks.h"

using kiln::fuzz::checkAll;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  unsigned lines = kiln::fuzz::countLines(text);

  kiln::oracle::PtxReadResult read = kiln::oracle::readPtx(text, "fuzz.ptx");
  checkAll(read.diagnostics, text, lines);

  kiln::oracle::CheckLimits defaults;
  kiln::oracle::CheckLimits sm90;
  sm90.max_shared_per_block = 232448;
  sm90.target = "sm_90";
  for (const kiln::oracle::EntryPlan &entry : read.entries) {
    if (entry.name.empty() || entry.loc.line < 1 || entry.loc.line > lines) __builtin_trap();
    for (const kiln::oracle::SharedArray &array : entry.arrays)
      if (array.size < 0 || (array.dynamic && array.size != 0)) __builtin_trap();
    for (const kiln::oracle::SharedAccess &access : entry.accesses)
      if (access.symbol.empty() || access.width <= 0) __builtin_trap();
    checkAll(kiln::oracle::checkConstantBounds(entry), text, lines);
    checkAll(kiln::oracle::checkCapacity(entry, defaults), text, lines);
    checkAll(kiln::oracle::checkCapacity(entry, sm90), text, lines);
    checkAll(kiln::oracle::checkBarriers(entry), text, lines);
    checkAll(kiln::oracle::checkDeadArrays(entry), text, lines);
  }
  return 0;
}
