#include "worker/plan/memory_plan.h"

namespace kiln::plan {

const char *memorySpaceName(MemorySpace space) {
  switch (space) {
    case MemorySpace::kShared: return "shared";
    case MemorySpace::kUB: return "ub";
    case MemorySpace::kL1: return "l1";
    case MemorySpace::kL0A: return "l0a";
    case MemorySpace::kL0B: return "l0b";
    case MemorySpace::kL0C: return "l0c";
    case MemorySpace::kBias: return "bias";
  }
  return "?";
}

const char *dtypeName(DType dtype) {
  switch (dtype) {
    case DType::kF32: return "f32";
    case DType::kF16: return "f16";
    case DType::kBF16: return "bf16";
    case DType::kI32: return "i32";
    case DType::kI16: return "i16";
    case DType::kI8: return "i8";
  }
  return "?";
}

int64_t dtypeBytes(DType dtype) {
  switch (dtype) {
    case DType::kF16:
    case DType::kBF16:
    case DType::kI16: return 2;
    case DType::kI8: return 1;
    default: return 4;
  }
}

}  // namespace kiln::plan
