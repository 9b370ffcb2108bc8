// [ascendc.capacity]: TPipe::InitBuffer(queue, num, len) reserves num
// buffers of len bytes (rounded up to 32) and InitBuffer(tbuf, len) one, in
// the memory of the queue's or buffer's TPosition: VECIN/VECOUT/VECCALC in
// UB, A1/B1/C1 in L1, A2 in L0A, B2 in L0B, CO1 in L0C, C2 in the bias
// table. Each memory's buffers are placed one after another, so their sum
// must fit the SoC's capacity (target.device, with the user's overrides).
// Summed per function and per TPipe object, over the calls that run
// unconditionally; a size or position kiln cannot evaluate is a note,
// never an error, and leaves that call out of the sum (a lower bound).
#include <map>

#include "worker/backends/ascend/validate/checks.h"

namespace kiln::ascend::validate {
namespace {

std::optional<plan::MemorySpace> spaceOf(std::string_view position) {
  if (position == "VECIN" || position == "VECOUT" || position == "VECCALC") return plan::MemorySpace::kUB;
  if (position == "A1" || position == "B1" || position == "C1") return plan::MemorySpace::kL1;
  if (position == "A2") return plan::MemorySpace::kL0A;
  if (position == "B2") return plan::MemorySpace::kL0B;
  if (position == "CO1") return plan::MemorySpace::kL0C;
  if (position == "C2") return plan::MemorySpace::kBias;
  return std::nullopt;
}

std::string spaceName(plan::MemorySpace s) {
  switch (s) {
    case plan::MemorySpace::kUB: return "UB";
    case plan::MemorySpace::kL1: return "L1";
    case plan::MemorySpace::kL0A: return "L0A";
    case plan::MemorySpace::kL0B: return "L0B";
    case plan::MemorySpace::kL0C: return "L0C";
    case plan::MemorySpace::kBias: return "bias table";
    default: return plan::memorySpaceName(s);
  }
}

struct Use {
  size_t tok;
  int64_t bytes;
  std::string what;
};

}  // namespace

void checkCapacity(const CheckContext &c, std::vector<Diagnostic> &out) {
  const CodeView &v = c.view;
  for (const FunctionEvents &fn : c.functions) {
    // (pipe, space) -> the buffers so far.
    std::map<std::pair<std::string_view, plan::MemorySpace>, std::vector<Use>> sums;
    std::map<std::pair<std::string_view, plan::MemorySpace>, bool> reported;
    std::map<std::pair<std::string_view, plan::MemorySpace>, int64_t> totals;
    for (const Event &e : fn.events) {
      if (e.kind == EvKind::kPipeReset) {
        for (auto it = sums.begin(); it != sums.end();)
          it = it->first.first == e.object ? sums.erase(it) : std::next(it);
        for (auto it = totals.begin(); it != totals.end();)
          it = it->first.first == e.object ? totals.erase(it) : std::next(it);
        continue;
      }
      if (e.kind != EvKind::kInitBuffer || (e.args.size() != 2 && e.args.size() != 3)) continue;
      const Token &at = v.tokens[e.tok];
      auto cannot = [&](const std::string &why) {
        out.push_back(located(Severity::kNote, c.source, at, "[ascendc.capacity] cannot bound this InitBuffer: " + why));
      };
      std::string_view holder = baseName(v, e.args[0]);
      const Symbol *sym = lookupSymbol(holder, fn, c.file_symbols);
      if (!sym || (sym->kind != SymKind::kQue && sym->kind != SymKind::kBuf)) {
        cannot("kiln does not see how '" + std::string(holder.empty() ? "its first argument" : holder) +
               "' is declared (TQue/TQueBind/TBuf with a TPosition)");
        continue;
      }
      std::optional<plan::MemorySpace> space = spaceOf(sym->position);
      if (space && !sym->position2.empty() && spaceOf(sym->position2) != space) space.reset();
      if (!space) {
        cannot("kiln does not know which memory TPosition '" + std::string(sym->position) + "' lives in");
        continue;
      }
      const oracle::SpaceSpec *spec = c.target.device.space(*space);
      if (!spec || spec->capacity <= 0) continue;
      Value num = e.args.size() == 3 ? c.constants.evaluate(e.args[1].first, e.args[1].second, &fn.locals) : Value(1);
      Value len = c.constants.evaluate(e.args.back().first, e.args.back().second, &fn.locals);
      if (!num || !len || *num < 0 || *len < 0) {
        cannot(std::string(!num ? "the buffer count" : "the length") + " is not a constant kiln can evaluate");
        continue;
      }
      if (e.conditional) {
        cannot("it runs under a branch, a loop or a nested block, so kiln does not add it up");
        continue;
      }
      int64_t rounded = (*len + 31) / 32 * 32, bytes = 0;
      if (__builtin_mul_overflow(*num, rounded, &bytes)) bytes = INT64_MAX;
      auto key = std::make_pair(e.object, *space);
      std::vector<Use> &uses = sums[key];
      if (uses.size() < 16)  // the notes name the first ones
        uses.push_back({e.tok, bytes,
                        std::string(holder) + ": " + std::to_string(*num) + " x " + std::to_string(rounded) + " B"});
      int64_t &total = totals[key];
      total = total > INT64_MAX - bytes ? INT64_MAX : total + bytes;
      if (total <= spec->capacity || reported[key]) continue;
      reported[key] = true;
      Diagnostic d = located(Severity::kError, c.source, at,
                             "[ascendc.capacity] the InitBuffer calls on '" + std::string(e.object) + "' reserve " +
                                 std::to_string(total) + " B of " + spaceName(*space) + " by here, over " +
                                 c.target.name + "'s " + std::to_string(spec->capacity) + " B");
      for (const Use &u : uses) {
        d.notes.push_back(located(Severity::kNote, c.source, v.tokens[u.tok], "reserves " + u.what));
      }
      out.push_back(std::move(d));
    }
  }
}

}  // namespace kiln::ascend::validate
