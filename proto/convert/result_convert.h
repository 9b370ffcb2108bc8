// The one conversion pair of kiln's result schema (core/compile_result.h):
// CompileResult <-> the result fields of kiln.v1. A worker's JobResult and
// kilnd's CompileSummary carry the same fields under the same names
// (artifacts, diagnostics, timings, tools, oracle_verdict), so one template
// maps both, and the cache stores the JobResult encoding as opaque bytes.
// Artifact bytes travel apart, as chunks (artifact_chunks.h).
#pragma once

#include <string>
#include <vector>

#include "core/compile_result.h"
#include "kiln/v1/compiler.pb.h"
#include "kiln/v1/worker.pb.h"

namespace kiln::wire {

// Fills `out`'s result fields from `result`. `digests`, when it has one
// entry per artifact, are the artifacts' SHA-256 (hex) already known (a
// cache hit's), saving a second hash of every artifact.
template <typename ResultMessage>
void writeResult(const CompileResult &result, ResultMessage *out, const std::vector<std::string> &digests = {});

// The result `message` describes, with `bytes` as its artifacts' bytes (in
// message.artifacts() order; missing ones are empty). The caller has checked
// the bytes against the digests (ResultAssembler does).
template <typename ResultMessage>
CompileResult readResult(const ResultMessage &message, std::vector<std::string> bytes);

extern template void writeResult(const CompileResult &, v1::JobResult *, const std::vector<std::string> &);
extern template void writeResult(const CompileResult &, v1::CompileSummary *, const std::vector<std::string> &);
extern template CompileResult readResult(const v1::JobResult &, std::vector<std::string>);
extern template CompileResult readResult(const v1::CompileSummary &, std::vector<std::string>);

}  // namespace kiln::wire
