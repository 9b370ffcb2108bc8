// Places buffers with live intervals in one address space so that buffers
// live at the same time never overlap. MLIR-free, so the oracle's tests and
// other targets' planners use it as is.
#pragma once

#include <cstdint>
#include <vector>

namespace kiln::plan {

struct Interval {
  int begin = 0;  // inclusive
  int end = 0;    // inclusive
  int64_t bytes = 0;
};

struct Placement {
  std::vector<int64_t> offsets;  // one per interval, aligned
  int64_t high_water = 0;        // bytes the space must have
};

/// Offsets such that buffers whose intervals overlap never share a byte,
/// each aligned, with as low a high-water mark as a few first-fit orders find.
Placement placeIntervals(const std::vector<Interval> &intervals, int64_t alignment);

/// The position where the most bytes are live at once, and that many bytes.
struct Peak {
  int position = 0;
  int64_t bytes = 0;
};
Peak peakLiveBytes(const std::vector<Interval> &intervals);

}  // namespace kiln::plan
