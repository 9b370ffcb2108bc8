#include "worker/plan/offset_allocator.h"

#include <algorithm>
#include <functional>
#include <numeric>

namespace kiln::plan {
namespace {

int64_t alignUp(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

bool overlaps(const Interval &a, const Interval &b) { return a.begin <= b.end && b.begin <= a.end; }

/// First-fit in the given order: each buffer at the lowest aligned offset
/// that does not collide with an already placed, overlapping one.
Placement firstFit(const std::vector<Interval> &intervals, const std::vector<size_t> &order,
                   int64_t alignment) {
  Placement placement;
  placement.offsets.assign(intervals.size(), 0);
  std::vector<size_t> placed;
  for (size_t index : order) {
    const Interval &current = intervals[index];
    std::vector<std::pair<int64_t, int64_t>> busy;
    for (size_t other : placed)
      if (overlaps(current, intervals[other]))
        busy.emplace_back(placement.offsets[other], placement.offsets[other] + intervals[other].bytes);
    std::sort(busy.begin(), busy.end());
    int64_t offset = 0;
    for (const auto &[start, end] : busy) {
      if (offset + current.bytes <= start) break;
      offset = std::max(offset, alignUp(end, alignment));
    }
    placement.offsets[index] = offset;
    placement.high_water = std::max(placement.high_water, offset + current.bytes);
    placed.push_back(index);
  }
  return placement;
}

}  // namespace

Placement placeIntervals(const std::vector<Interval> &intervals, int64_t alignment) {
  // No single order is best: biggest-first avoids holes between large
  // buffers, program order packs short-lived chains. Plans are small, so
  // try each and keep the lowest high-water mark (ties: the first order).
  using Less = std::function<bool(size_t, size_t)>;
  const Less orders[] = {
      [&](size_t a, size_t b) { return intervals[a].bytes > intervals[b].bytes; },
      [&](size_t a, size_t b) { return intervals[a].begin < intervals[b].begin; },
      [&](size_t a, size_t b) {
        int64_t la = intervals[a].end - intervals[a].begin, lb = intervals[b].end - intervals[b].begin;
        return la != lb ? la > lb : intervals[a].bytes > intervals[b].bytes;
      },
  };
  Placement best;
  bool first = true;
  for (const Less &less : orders) {
    std::vector<size_t> order(intervals.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), less);
    Placement candidate = firstFit(intervals, order, alignment);
    if (first || candidate.high_water < best.high_water) best = std::move(candidate);
    first = false;
  }
  return best;
}

Peak peakLiveBytes(const std::vector<Interval> &intervals) {
  std::vector<std::pair<int, int64_t>> events;
  for (const Interval &i : intervals) {
    events.emplace_back(i.begin, i.bytes);
    events.emplace_back(i.end + 1, -i.bytes);
  }
  // Releases at a position apply before allocations at the same position.
  std::sort(events.begin(), events.end(), [](const auto &a, const auto &b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  });
  Peak peak;
  int64_t live = 0;
  for (const auto &[position, delta] : events) {
    live += delta;
    if (live > peak.bytes) peak = {position, live};
  }
  return peak;
}

}  // namespace kiln::plan
