#include "worker/oracle/pto/pto_function.h"

#include <algorithm>
#include <bit>

namespace kiln::oracle::pto {
namespace {

// Max over [lo, hi) of values fixed up front, in O(1) per query, so that
// many tiles against many loops stays near linear.
class RangeMax {
 public:
  explicit RangeMax(std::vector<int> values) {
    levels_.push_back(std::move(values));
    for (std::size_t width = 1; 2 * width <= levels_[0].size(); width *= 2) {
      const std::vector<int> &below = levels_.back();
      std::vector<int> level(below.size() - width);
      for (std::size_t i = 0; i < level.size(); ++i) level[i] = std::max(below[i], below[i + width]);
      levels_.push_back(std::move(level));
    }
  }
  int query(std::size_t lo, std::size_t hi) const {
    std::size_t k = std::bit_width(hi - lo) - 1;
    return std::max(levels_[k][lo], levels_[k][hi - (std::size_t{1} << k)]);
  }

 private:
  std::vector<std::vector<int>> levels_;
};

}  // namespace

FunctionBuilder::FunctionBuilder(std::string kernel, plan::SourceLoc loc) : loc_(std::move(loc)) {
  plan_.kernel = std::move(kernel);
}

void FunctionBuilder::setConstant(std::string_view name, std::int64_t value) {
  constants_[std::string(name)] = value;
}

std::optional<std::int64_t> FunctionBuilder::constant(std::string_view name) const {
  auto found = constants_.find(std::string(name));
  if (found == constants_.end()) return std::nullopt;
  return found->second;
}

int FunctionBuilder::tile(std::string_view name) const {
  auto found = tiles_.find(std::string(name));
  return found == tiles_.end() ? -1 : found->second;
}

std::optional<plan::SourceLoc> FunctionBuilder::tileDefinedAt(std::string_view name) const {
  auto found = defined_at_.find(std::string(name));
  if (found == defined_at_.end()) return std::nullopt;
  return found->second;
}

void FunctionBuilder::addBuffer(std::string_view name, const plan::SourceLoc &loc, const TileType &type,
                                std::int64_t offset) {
  plan::Buffer b;
  b.id = static_cast<int>(plan_.buffers.size());
  b.space = type.space;
  b.offset = offset;
  b.bytes = type.bytes;
  b.rows = type.rows;
  b.cols = type.cols;
  b.dtype = type.dtype;
  b.layout = type.layout;
  b.secondary_layout = type.secondary_layout;
  b.fractal = type.fractal;
  b.valid_rows = type.valid_rows;
  b.valid_cols = type.valid_cols;
  b.name = std::string(name);
  // Until an op touches it, a tile lives where it was allocated.
  b.live_begin = b.live_end = nextPosition();
  b.loc = loc;
  addAlias(name, loc, b.id);
  plan_.buffers.push_back(std::move(b));
  first_touch_.push_back(-1);
  last_touch_.push_back(-1);
}

void FunctionBuilder::addAlias(std::string_view name, const plan::SourceLoc &loc, int id) {
  tiles_.emplace(std::string(name), id);
  defined_at_.emplace(std::string(name), loc);
}

void FunctionBuilder::addOp(plan::PlannedOp op) {
  op.position = nextPosition();
  for (int id : op.operands) touch(id, op.position);
  for (int id : op.results) {
    touch(id, op.position);
    if (plan_.buffers[id].defined_by.empty()) plan_.buffers[id].defined_by = op.name;
  }
  plan_.ops.push_back(std::move(op));
}

void FunctionBuilder::addLoop(int first, int last) {
  if (last >= first) loops_.push_back({first, last});
}

void FunctionBuilder::touch(int id, int position) {
  if (first_touch_[id] < 0) first_touch_[id] = position;
  last_touch_[id] = position;
}

// A tile first touched before a loop and touched inside it is live to the
// loop's end: the next iteration reads it again. Loops nest, so the furthest
// end among the loops starting after the first touch and at or before the
// last one covers every loop that matters.
void FunctionBuilder::extendOverLoops() {
  if (loops_.empty()) return;
  std::sort(loops_.begin(), loops_.end());
  std::vector<int> begins, ends;
  for (auto [begin, end] : loops_) {
    begins.push_back(begin);
    ends.push_back(end);
  }
  RangeMax furthest(std::move(ends));
  for (plan::Buffer &buffer : plan_.buffers) {
    int first = first_touch_[buffer.id], last = last_touch_[buffer.id];
    if (first < 0) continue;
    std::size_t lo = std::upper_bound(begins.begin(), begins.end(), first) - begins.begin();
    std::size_t hi = std::upper_bound(begins.begin(), begins.end(), last) - begins.begin();
    if (lo < hi) buffer.live_end = std::max(last, furthest.query(lo, hi));
  }
}

plan::KernelPlan FunctionBuilder::finish() {
  plan_.frontend = "pto";  // PTO's tile shape rules apply (op_constraints.cpp)
  for (plan::Buffer &buffer : plan_.buffers) {
    if (first_touch_[buffer.id] < 0) continue;
    buffer.live_begin = first_touch_[buffer.id];
    buffer.live_end = last_touch_[buffer.id];
  }
  extendOverLoops();
  return std::move(plan_);
}

}  // namespace kiln::oracle::pto
