// Logical positions (TPosition) and the physical memories behind them, in
// kiln's model of the documented AscendC API. VECIN, VECOUT and VECCALC are
// all the Unified Buffer; A1/B1/C1 are L1; A2 is L0A, B2 is L0B, CO1 is
// L0C. Each physical memory has its own alignment rule for operand starts
// (UB and L1 32 B, L0A/L0B 512 B, L0C 64 B).
#pragma once

#include <cstdint>

namespace AscendC {

enum class TPosition { GM, A1, A2, B1, B2, C1, C2, CO1, CO2, VECIN, VECOUT, VECCALC };
using QuePosition = TPosition;

}  // namespace AscendC

namespace kiln_ascend_model {

enum class Space { UB, L1, L0A, L0B, L0C, None };
inline constexpr int kSpaceCount = 5;

inline Space spaceOf(AscendC::TPosition p) {
  using P = AscendC::TPosition;
  switch (p) {
    case P::VECIN:
    case P::VECOUT:
    case P::VECCALC: return Space::UB;
    case P::A1:
    case P::B1:
    case P::C1: return Space::L1;
    case P::A2: return Space::L0A;
    case P::B2: return Space::L0B;
    case P::CO1: return Space::L0C;
    default: return Space::None;  // GM, C2 (bias table), CO2: not modelled as on-chip buffers
  }
}

inline const char *spaceName(Space s) {
  switch (s) {
    case Space::UB: return "UB";
    case Space::L1: return "L1";
    case Space::L0A: return "L0A";
    case Space::L0B: return "L0B";
    case Space::L0C: return "L0C";
    default: return "none";
  }
}

inline uint32_t spaceAlignment(Space s) {
  switch (s) {
    case Space::L0A:
    case Space::L0B: return 512;
    case Space::L0C: return 64;
    default: return 32;
  }
}

inline const char *positionName(AscendC::TPosition p) {
  using P = AscendC::TPosition;
  switch (p) {
    case P::GM: return "GM";
    case P::A1: return "A1";
    case P::A2: return "A2";
    case P::B1: return "B1";
    case P::B2: return "B2";
    case P::C1: return "C1";
    case P::C2: return "C2";
    case P::CO1: return "CO1";
    case P::CO2: return "CO2";
    case P::VECIN: return "VECIN";
    case P::VECOUT: return "VECOUT";
    case P::VECCALC: return "VECCALC";
  }
  return "?";
}

}  // namespace kiln_ascend_model
