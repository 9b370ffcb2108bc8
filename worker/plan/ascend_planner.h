// Plans one Tile IR kernel into an Ascend AI core's on-chip buffers, for the
// safety oracle (kiln has no Ascend code generator yet): matmul operands in
// L0A/L0B with the result in L0C, tiles loaded only for the cube in L1, and
// vector work in UB. A tile needed in another space than its own gets a copy
// there, filled by a move op just before its reader, as the hardware's
// MTE/fixpipe moves do. Capacities and alignments come from the DeviceSpec.
#pragma once

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/oracle/device/device_spec.h"
#include "worker/plan/planner.h"

namespace kiln::plan {

/// `kernel` must have its helper calls inlined. A kernel that does not fit
/// fails with a capacity diagnostic at the op where the space overflows.
PlanResult planKernelForAscend(mlir::func::FuncOp kernel, const oracle::DeviceSpec &device,
                               const PlannerConfig &config = {});

// What the AscendC emitter and the kInitBufferOrder placement must agree on,
// so that the plan holds exactly the buffers the emitted InitBuffer calls make.

/// How many copies of a tile's buffer the emitter's queue holds: 2 (double
/// buffering) for a tile loaded from GM inside an scf.for, so the next load
/// can start while this one is computed on; 1 otherwise.
int ascendBufferCopies(mlir::Value defining);

/// Elements of the shared scratch ReduceSum/ReduceMax take for a count of
/// `count` elements of `elementBytes` bytes: RoundUp(2 * repeats, block),
/// the ReduceMax rule of the docs, which also covers 310P's ReduceSum.
int64_t ascendReduceTmpElems(int64_t count, int64_t elementBytes);

/// Bytes of UB scratch the emitter's vector sequence for `op` needs beyond
/// its tile buffers (0 for most ops): row results and the reduce scratch of
/// axis-1 reductions and softmax, the column accumulators of an axis-0
/// softmax, the negated copy an i32 abs is composed from, the f32 copies
/// bf16 arithmetic is computed on.
int64_t ascendScratchBytes(mlir::Operation *op);

/// The largest ascendScratchBytes over the kernel: one VECCALC buffer that
/// every op's sequence reuses, placed after the tile buffers.
int64_t ascendVectorScratchBytes(mlir::func::FuncOp kernel);

/// defined_by of that scratch buffer in the plan.
inline constexpr const char *kAscendScratchDefiner = "kiln.vector_scratch";

}  // namespace kiln::plan
