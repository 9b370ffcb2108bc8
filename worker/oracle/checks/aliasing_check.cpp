// oracle.aliasing and oracle.linear-use: tiles that share bytes of one space
// while both are live. A sweep over time keeps the tiles live at each moment
// in an ordered set by offset, so a plan of n tiles costs O(n log n) plus the
// overlaps found (each new tile only meets live tiles near its offset).
#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <queue>
#include <set>

#include "worker/oracle/checks/plan_accesses.h"
#include "worker/oracle/checks/plan_findings.h"
#include "worker/oracle/checks/plan_oracle.h"

namespace kiln::oracle {
namespace {

using plan::Buffer;
constexpr int64_t kMaxAddress = int64_t{1} << 48;

struct Witness {
  int write_op;  // where the other tile overwrote the victim's bytes
  int read_op;   // where the victim is read afterwards
};

/// The first read of `victim` that sees bytes `other` wrote after the
/// victim's own last write: its value was gone before it was used.
std::optional<Witness> readAfterReuse(std::span<const Access> victim, std::span<const Access> other) {
  int lastVictimWrite = -1, clobber = -1;
  size_t v = 0, o = 0;
  // Merge by op; at one op reads come before writes, so an op that reads
  // the victim and writes the other tile (in place) is not a clobber.
  auto key = [](const Access &a) { return std::pair{a.op, a.write ? 1 : 0}; };
  while (v < victim.size() || o < other.size()) {
    bool takeVictim = o == other.size() || (v < victim.size() && key(victim[v]) <= key(other[o]));
    if (takeVictim) {
      const Access &a = victim[v++];
      if (a.write) {
        lastVictimWrite = a.op;
        clobber = -1;
      } else if (clobber >= 0) {
        return Witness{clobber, a.op};
      }
    } else {
      const Access &a = other[o++];
      // One op writing both tiles is plain aliasing, not a reuse.
      if (a.write && lastVictimWrite >= 0 && a.op > lastVictimWrite && clobber < 0) clobber = a.op;
    }
  }
  return std::nullopt;
}

/// An elementwise op that reads `a` for the last time and writes `b` for
/// the first time over exactly the same bytes computes in place: legal.
bool inPlace(const Buffer &a, const Buffer &b, std::span<const Access> accA, std::span<const Access> accB) {
  if (a.offset != b.offset || a.bytes != b.bytes || accA.empty() || accB.empty()) return false;
  const Access &lastA = accA.back(), &firstB = accB.front();
  return !lastA.write && firstB.write && lastA.op == firstB.op;
}

class AliasReporter {
 public:
  AliasReporter(const plan::KernelPlan &plan, const PlanAccesses &accesses, std::vector<Diagnostic> &out)
      : plan_(plan), accesses_(accesses), aliasing_(out, "oracle.aliasing"), linear_(out, "oracle.linear-use") {}

  void report(int ia, int ib) {
    const Buffer &a = plan_.buffers[ia], &b = plan_.buffers[ib];
    std::span<const Access> accA = accesses_.of(ia), accB = accesses_.of(ib);
    if (inPlace(a, b, accA, accB) || inPlace(b, a, accB, accA)) return;
    int64_t first = std::max(a.offset, b.offset);
    int64_t last = std::min(a.offset + a.bytes, b.offset + b.bytes);
    std::string shared = byteRange(first, last - first) + " of " + plan::memorySpaceName(a.space);
    if (auto w = readAfterReuse(accA, accB)) return linearUse(a, b, *w, shared);
    if (auto w = readAfterReuse(accB, accA)) return linearUse(b, a, *w, shared);
    Diagnostic d = finding(b.loc, Severity::kError, "oracle.aliasing",
                           tileName(b) + " and " + tileName(a) + " are live at the same time and share " + shared);
    d.notes.push_back(noteAt(a.loc, tileName(a) + " is placed at " + byteRange(a.offset, a.bytes) + " and is live here"));
    aliasing_.add(std::move(d));
  }

 private:
  void linearUse(const Buffer &victim, const Buffer &other, const Witness &w, const std::string &shared) {
    const plan::PlannedOp &reader = plan_.ops[w.read_op], &writer = plan_.ops[w.write_op];
    Diagnostic d = finding(reader.loc, Severity::kError, "oracle.linear-use",
                           reader.name + " reads " + tileName(victim) + " after " + writer.name + " reused its " +
                               shared + " for " + tileName(other));
    d.notes.push_back(noteAt(writer.loc, tileName(other) + " is written here, over " + tileName(victim)));
    d.notes.push_back(noteAt(victim.loc, tileName(victim) + " is defined here"));
    linear_.add(std::move(d));
  }

  const plan::KernelPlan &plan_;
  const PlanAccesses &accesses_;
  FindingSink aliasing_;
  FindingSink linear_;
};

/// A tile of one space as the sweep sees it: compact, so sorting 100k of
/// them stays in cache instead of chasing the plan's large Buffer records.
struct SweepTile {
  int begin;
  int end;
  int64_t offset;
  int64_t bytes;
  int index;  // into plan.buffers
};

void sweepSpace(std::vector<SweepTile> tiles, AliasReporter &reporter) {
  std::sort(tiles.begin(), tiles.end(), [](const SweepTile &x, const SweepTile &y) {
    return std::pair{x.begin, x.offset} < std::pair{y.begin, y.offset};
  });
  int64_t maxBytes = 0;
  for (const SweepTile &t : tiles) maxBytes = std::max(maxBytes, t.bytes);
  std::set<std::pair<int64_t, int>> live;  // (offset, position in tiles)
  using End = std::pair<int, int>;         // (end, position in tiles)
  std::priority_queue<End, std::vector<End>, std::greater<End>> ends;
  for (int k = 0; k < static_cast<int>(tiles.size()); ++k) {
    const SweepTile &b = tiles[k];
    while (!ends.empty() && ends.top().first < b.begin) {
      live.erase({tiles[ends.top().second].offset, ends.top().second});
      ends.pop();
    }
    // A live tile that overlaps b starts after b.offset - maxBytes.
    auto it = live.lower_bound({b.offset - maxBytes + 1, INT_MIN});
    for (; it != live.end() && it->first < b.offset + b.bytes; ++it) {
      const SweepTile &a = tiles[it->second];
      if (a.offset + a.bytes > b.offset) reporter.report(a.index, b.index);
    }
    live.insert({b.offset, k});
    ends.push({b.end, k});
  }
}

}  // namespace

std::vector<Diagnostic> checkAliasing(const plan::KernelPlan &plan) { return checkAliasing(plan, indexAccesses(plan)); }

std::vector<Diagnostic> checkAliasing(const plan::KernelPlan &plan, const PlanAccesses &accesses) {
  std::vector<Diagnostic> out;
  {
    AliasReporter reporter(plan, accesses, out);
    std::map<plan::MemorySpace, std::vector<SweepTile>> bySpace;
    for (size_t i = 0; i < plan.buffers.size(); ++i) {
      const Buffer &b = plan.buffers[i];
      // Unplanned (offset -1) and empty tiles occupy no known bytes; absurd
      // addresses are the capacity check's to report, and would overflow here.
      if (b.offset >= 0 && b.bytes > 0 && b.offset <= kMaxAddress && b.bytes <= kMaxAddress &&
          b.live_begin <= b.live_end)
        bySpace[b.space].push_back({b.live_begin, b.live_end, b.offset, b.bytes, static_cast<int>(i)});
    }
    for (auto &[space, tiles] : bySpace) sweepSpace(std::move(tiles), reporter);
  }
  return out;
}

}  // namespace kiln::oracle
