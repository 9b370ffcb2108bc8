// SetFlag / WaitFlag and PipeBarrier, in kiln's model of the documented
// AscendC API.
//
// The model runs every op to completion in program order, so it has no
// pipes to order; what it keeps is the pairing rule the hardware needs:
// ids are 0..7, a WaitFlag must follow a SetFlag of the same event and id
// ([model.flag-wait-unset]), and setting the same event and id again
// before its wait is undefined on the chip ([model.flag-double-set]).
// PipeBarrier<PIPE_M>/<PIPE_ALL> also clears Mmad's accumulate hazard
// (mmad.h); otherwise it only counts.
#pragma once

#include <cstdint>
#include <string>

#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/error.h"

namespace AscendC {

enum class HardEvent {
  MTE2_V, V_MTE2, V_MTE3, MTE3_V, MTE2_MTE1, MTE1_MTE2, MTE1_M, M_MTE1, M_FIX, FIX_M,
  V_S, S_V, MTE2_S, S_MTE2, MTE3_S, S_MTE3, MTE3_MTE2, MTE2_MTE3, M_V, V_M
};

// The ids as AscendC names them; they convert to the int32_t the flag
// calls take.
enum event_t { EVENT_ID0, EVENT_ID1, EVENT_ID2, EVENT_ID3, EVENT_ID4, EVENT_ID5, EVENT_ID6, EVENT_ID7 };

enum pipe_t { PIPE_S, PIPE_V, PIPE_M, PIPE_MTE1, PIPE_MTE2, PIPE_MTE3, PIPE_FIX, PIPE_ALL };

}  // namespace AscendC

namespace kiln_ascend_model {

inline const char *eventName(AscendC::HardEvent e) {
  static const char *names[] = {"MTE2_V", "V_MTE2",  "V_MTE3",   "MTE3_V",   "MTE2_MTE1", "MTE1_MTE2", "MTE1_M",
                                "M_MTE1", "M_FIX",   "FIX_M",    "V_S",      "S_V",       "MTE2_S",    "S_MTE2",
                                "MTE3_S", "S_MTE3",  "MTE3_MTE2", "MTE2_MTE3", "M_V",     "V_M"};
  return names[static_cast<int>(e)];
}

template <AscendC::HardEvent E> std::string flagOp(const char *what) {
  return std::string(what) + "<HardEvent::" + eventName(E) + ">";
}

inline bool checkFlagId(const std::string &op, int32_t id) {
  KILN_MODEL_CHECK(id >= 0 && id <= 7, "model.flag-id", op, op + "(" + std::to_string(id) + "): event ids are 0..7");
  return id >= 0 && id <= 7;
}

inline uint64_t &barrierCount() {
  static uint64_t n = 0;
  return n;
}

}  // namespace kiln_ascend_model

namespace AscendC {

template <HardEvent E> void SetFlag(int32_t id) {
  namespace m = kiln_ascend_model;
  std::string op = m::flagOp<E>("SetFlag");
  if (!m::checkFlagId(op, id)) return;
  bool &set = m::state().flags[static_cast<int>(E)][id];
  KILN_MODEL_CHECK(!set, "model.flag-double-set", op,
                   op + "(" + std::to_string(id) + ") while the same event and id is set and not yet waited for");
  set = true;
}

template <HardEvent E> void WaitFlag(int32_t id) {
  namespace m = kiln_ascend_model;
  std::string op = m::flagOp<E>("WaitFlag");
  if (!m::checkFlagId(op, id)) return;
  bool &set = m::state().flags[static_cast<int>(E)][id];
  KILN_MODEL_CHECK(set, "model.flag-wait-unset", op,
                   op + "(" + std::to_string(id) + ") with no matching SetFlag before it: the pipe would wait forever");
  set = false;
}

template <pipe_t P> void PipeBarrier() {
  ++kiln_ascend_model::barrierCount();
  if (P == PIPE_M || P == PIPE_ALL) kiln_ascend_model::state().mBarrierSinceMmad = true;
}

}  // namespace AscendC
