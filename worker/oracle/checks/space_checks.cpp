// oracle.capacity and oracle.alignment: every placed tile inside its space
// and on the space's boundary, and, for tiles not placed yet, the bytes live
// at once within the space.
#include <algorithm>
#include <map>

#include "worker/oracle/checks/plan_findings.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/plan/offset_allocator.h"

namespace kiln::oracle {
namespace {

using plan::Buffer;

std::string spaceOn(const Buffer &b, const DeviceSpec &device) {
  return std::string(plan::memorySpaceName(b.space)) + " on " + device.name;
}

/// Tiles without an address still must fit: the peak of their live bytes,
/// reported at the op where it happens.
void unplannedCapacity(const plan::KernelPlan &plan, const DeviceSpec &device, FindingSink &sink) {
  std::map<plan::MemorySpace, std::vector<int>> bySpace;
  for (size_t i = 0; i < plan.buffers.size(); ++i)
    if (plan.buffers[i].offset < 0) bySpace[plan.buffers[i].space].push_back(static_cast<int>(i));
  for (const auto &[space, tiles] : bySpace) {
    const SpaceSpec *spec = device.space(space);
    if (!spec) continue;  // reported per tile by the op-constraint check
    std::vector<plan::Interval> intervals;
    for (int t : tiles) intervals.push_back({plan.buffers[t].live_begin, plan.buffers[t].live_end, plan.buffers[t].bytes});
    plan::Peak peak = plan::peakLiveBytes(intervals);
    if (peak.bytes <= spec->capacity) continue;
    auto op = std::find_if(plan.ops.begin(), plan.ops.end(),
                           [&](const plan::PlannedOp &o) { return o.position >= peak.position; });
    plan::SourceLoc loc = op != plan.ops.end() ? op->loc : plan.buffers[tiles.front()].loc;
    std::string opName = op != plan.ops.end() ? op->name : "the kernel";
    Diagnostic d = finding(loc, Severity::kError, "oracle.capacity",
                           "at this " + opName + " " + std::to_string(peak.bytes) + " bytes of " +
                               plan::memorySpaceName(space) + " tiles are live, but " + device.name + " has " +
                               sizeText(spec->capacity) + " of " + plan::memorySpaceName(space));
    for (int t : tiles) {
      const Buffer &b = plan.buffers[t];
      if (b.live_begin <= peak.position && peak.position <= b.live_end && d.notes.size() < 4)
        d.notes.push_back(noteAt(b.loc, "live: " + tileName(b) + ", " + std::to_string(b.bytes) + " bytes"));
    }
    sink.add(std::move(d));
  }
}

}  // namespace

std::vector<Diagnostic> checkSpaces(const plan::KernelPlan &plan, const DeviceSpec &device) {
  std::vector<Diagnostic> out;
  {
    FindingSink capacity(out, "oracle.capacity"), alignment(out, "oracle.alignment");
    for (const Buffer &b : plan.buffers) {
      const SpaceSpec *spec = device.space(b.space);
      if (!spec || b.offset < 0) continue;
      std::string what = b.defined_by.empty() ? "" : " (written by " + b.defined_by + ")";
      if (b.bytes > spec->capacity - std::min(b.offset, spec->capacity)) {
        Diagnostic d = finding(b.loc, Severity::kError, "oracle.capacity",
                               tileName(b) + what + " is placed at " + byteRange(b.offset, b.bytes) + ", past the " +
                                   sizeText(spec->capacity) + " of " + spaceOn(b, device) +
                                   (spec->confirmed ? "" : " (an unconfirmed figure; override it if yours differs)"));
        capacity.add(std::move(d));
      }
      if (spec->alignment > 1 && b.offset % spec->alignment != 0) {
        int64_t below = b.offset - b.offset % spec->alignment;
        int64_t above = below;
        std::string nearest = __builtin_add_overflow(below, spec->alignment, &above)
                                  ? "the nearest legal address is " + std::to_string(below)
                                  : "the nearest legal addresses are " + std::to_string(below) + " and " +
                                        std::to_string(above);
        alignment.add(finding(b.loc, Severity::kError, "oracle.alignment",
                              tileName(b) + " starts at byte " + std::to_string(b.offset) + " of " +
                                  spaceOn(b, device) + ", which needs " + std::to_string(spec->alignment) +
                                  "-byte alignment (" + nearest + ")"));
      }
    }
    unplannedCapacity(plan, device, capacity);
  }
  return out;
}

}  // namespace kiln::oracle
