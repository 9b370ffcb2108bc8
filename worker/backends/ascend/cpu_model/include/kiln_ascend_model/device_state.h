// The per-block state of kiln's model of the documented AscendC API: the
// on-chip memories of one core (fresh for every block), the buffers TPipe
// carved out of them, the SetFlag/WaitFlag state, and what the harness
// reports afterwards (where each buffer landed, which copies lost a tail).
//
// One block runs at a time (runBlocks() runs them in turn), so the state
// is a single process-wide object.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kiln_ascend_model/positions.h"

namespace kiln_ascend_model {

// Capacities in bytes, set by the caller per SoC (the ini values of the
// shared notes, e.g. 910B: ub 196608, l1 524288, l0a/l0b 65536, l0c 131072).
struct DeviceConfig {
  int64_t ub = 0, l1 = 0, l0a = 0, l0b = 0, l0c = 0;
  // On-chip memory starts as this byte in every block. 0 by default; a
  // test sets e.g. 0xff (a NaN for float) to see reads of unwritten data.
  uint8_t fill = 0;
  // __NPU_ARCH__ of the SoC: 2201 (910B/910C), 3510 (950) or 2002 (310P),
  // for the few rules that differ (ReduceSum's scratch, Fixpipe's presence).
  int npuArch = 2201;

  int64_t capacity(Space s) const {
    switch (s) {
      case Space::UB: return ub;
      case Space::L1: return l1;
      case Space::L0A: return l0a;
      case Space::L0B: return l0b;
      case Space::L0C: return l0c;
      default: return 0;
    }
  }
};

// Where InitBuffer put one buffer: compare with kiln's planner.
struct Placement {
  AscendC::TPosition position;
  Space space;
  uint32_t offset;   // bytes from the start of the space
  uint32_t bytes;    // the length as placed (rounded up to 32)
  bool queue;        // a TQue buffer (else a TBuf)
  uint32_t index;    // which of the queue's buffers (0 for a TBuf)
};

// A DataCopy whose byte count was not a multiple of 32: the hardware
// copies the rounded-down length and the tail is silently not written.
struct CopyTruncation {
  std::string op;
  uint64_t requestedBytes;
  uint64_t copiedBytes;
};

struct BufferRecord {
  Space space = Space::None;
  AscendC::TPosition position = AscendC::TPosition::GM;
  uint32_t offset = 0, bytes = 0;
  uint64_t generation = 0;  // changes at every AllocTensor; tensors carry the one they saw
  bool live = false;        // allocated (TQue) or owned by a live pipe (TBuf)
  const void *owner = nullptr;  // the TQue/TBuf it belongs to
};

struct ModelState {
  DeviceConfig config;
  int64_t blockIdx = 0, blockNum = 1;
  std::array<std::vector<uint8_t>, kSpaceCount> memory;
  std::vector<BufferRecord> buffers;
  std::vector<Placement> placements;
  std::vector<CopyTruncation> truncations;
  std::array<std::array<bool, 8>, 32> flags{};  // [HardEvent][event id]: set and not yet waited
  uint64_t nextGeneration = 1;                  // never reset: tensors of an earlier block never match
  // The L0C bytes the last Mmad wrote, and whether a PipeBarrier<PIPE_M>
  // (or PIPE_ALL) came after it (mmad.h's accumulate rule).
  uint64_t lastMmadBegin = 0, lastMmadEnd = 0;
  bool mBarrierSinceMmad = true;

  std::vector<uint8_t> &mem(Space s) { return memory[static_cast<int>(s)]; }
};

inline ModelState &state() {
  static ModelState s;
  return s;
}

// Fresh on-chip memory and no buffers or flags: what a core looks like
// when a block starts.
inline void beginBlock(const DeviceConfig &config, int64_t blockIdx, int64_t blockNum) {
  ModelState &s = state();
  s.config = config;
  s.blockIdx = blockIdx;
  s.blockNum = blockNum;
  for (int i = 0; i < kSpaceCount; ++i) {
    int64_t cap = config.capacity(static_cast<Space>(i));
    s.memory[i].assign(static_cast<size_t>(cap > 0 ? cap : 0), config.fill);
  }
  s.buffers.clear();
  s.placements.clear();
  s.truncations.clear();
  for (auto &row : s.flags) row.fill(false);
  s.lastMmadBegin = s.lastMmadEnd = 0;
  s.mBarrierSinceMmad = true;
}

// What the current (or last) block placed, in InitBuffer order.
inline const std::vector<Placement> &placements() { return state().placements; }
inline const std::vector<CopyTruncation> &copyTruncations() { return state().truncations; }

}  // namespace kiln_ascend_model
