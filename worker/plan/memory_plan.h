// The on-chip memory plan of one kernel for one target: a plain data
// structure. The planner writes it, both NVIDIA lowerings read exactly it,
// and the safety oracle checks it. MLIR-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::plan {

enum class MemorySpace { kShared, kUB, kL1, kL0A, kL0B, kL0C, kBias };
enum class DType { kF32, kF16, kBF16, kI32, kI16, kI8 };

const char *memorySpaceName(MemorySpace space);
const char *dtypeName(DType dtype);
int64_t dtypeBytes(DType dtype);

struct SourceLoc {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
};

/// One buffer holds one or more tile values whose live ranges do not
/// overlap in a way that matters (loop-carried values, in-place results).
struct Buffer {
  int id = 0;
  MemorySpace space = MemorySpace::kShared;
  int64_t offset = 0;  // bytes from the base of the space
                       // offset -1: not placed yet (PTO before PlanMemory)
  int64_t bytes = 0;
  int64_t rows = 0;
  int64_t cols = 0;
  DType dtype = DType::kF32;
  std::string layout = "row_major";  // base layout: row_major or col_major
  // Ascend tiles only: the secondary (box) layout and fractal size in bytes,
  // and the valid region when it is smaller than rows x cols (0: all).
  std::string secondary_layout = "none_box";
  int64_t fractal = 0;
  int64_t valid_rows = 0;
  int64_t valid_cols = 0;
  std::string name;  // how the source names it ("%ta"); may be empty
  int live_begin = 0;  // op positions, inclusive
  int live_end = 0;
  std::string defined_by;  // the op that first writes it, e.g. "tile.load"
  SourceLoc loc;           // where that op is
};

/// Where a tile.load or tile.store meets global memory, in tile coordinates:
/// what the oracle's constant-oob rule needs, as plain data.
struct GlobalAccess {
  std::string memref;                // the kernel parameter, "arg0"
  std::vector<int64_t> tile_counts;  // how many tiles fit along each index
  // The coordinate along each index when the source makes it a constant.
  std::vector<std::optional<int64_t>> constant_index;
  bool write = false;
};

struct PlannedOp {
  int position = 0;  // program order of the kernel body, after inlining
  std::string name;
  std::vector<int> operands;  // buffer ids read
  std::vector<int> results;   // buffer ids written
  // The layout the op reads or writes each buffer in, where its source says
  // so (parallel to operands/results); "" means the buffer's own layout.
  std::vector<std::string> operand_layouts;
  std::vector<std::string> result_layouts;
  SourceLoc loc;
  std::optional<GlobalAccess> global;  // tile.load and tile.store only
};

struct KernelParam {
  std::string name;  // "arg0", ...
  std::string kind;  // "pointer", "f32", "i32" or "index"
  std::string type;  // the Tile IR type, e.g. "memref<256x256xf32>"
};

struct KernelPlan {
  // Which front end wrote the plan: "tile-ir" (kiln's planner), "pto"
  // (PTO-MLIR text) or "ptx". Some oracle rules (PTO tile shapes) hold
  // only for one of them.
  std::string frontend = "tile-ir";
  std::string kernel;
  std::string target;
  std::vector<int64_t> grid;
  int block_threads = 0;
  int64_t shared_bytes = 0;     // high-water mark of the shared space
  bool dynamic_shared = false;  // over the static limit: dynamic + opt-in
  std::vector<Buffer> buffers;
  std::vector<PlannedOp> ops;
  std::vector<KernelParam> params;
};

}  // namespace kiln::plan
